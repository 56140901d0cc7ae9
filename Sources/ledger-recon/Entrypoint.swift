import ArgumentParser
import LedgerCommands

/// The executable is a few lines on purpose: every command lives in `LedgerCommands`.
@main
struct Entrypoint {
    static func main() {
        LedgerRecon.main()
    }
}
