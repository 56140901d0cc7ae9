import Crypto

/// The stable id of a break (SPEC §5 breaks.csv `break_id`): the same problem on later runs gets
/// the same id, so the break register can tell a new break from one that has been open for days.
///
/// The id digests what names the problem — check, tenant, user, kind, asset and the field at
/// fault when there is one — and never the amounts, which change while the problem stays.
/// Two breaks of one run that share all of these (two bad rows of one user in an accounts file)
/// are told apart by their occurrence number in report order. The form is `brk_` + 12 hex digits
/// (48 bits of SHA-256): short enough to read out, far from colliding in any one ledger.
public enum BreakIdentity {
    public static let prefix = "brk_"
    static let hexDigits = 12

    /// The ids of `violations`, in their order (report order, so occurrences number stably).
    public static func ids(for violations: [CheckViolation]) -> [String] {
        var occurrences: [[String]: Int] = [:]
        return violations.map { violation in
            let fields = identityFields(violation)
            let occurrence = occurrences[fields, default: 0]
            occurrences[fields] = occurrence + 1
            return id(fields: occurrence == 0 ? fields : fields + ["#\(occurrence)"])
        }
    }

    /// check, tenant, user, kind, asset, field (empty when the break is about the balance or has no field).
    static func identityFields(_ violation: CheckViolation) -> [String] {
        [violation.check.rawValue, violation.tenantID, violation.userID, violation.asset?.kind.rawValue ?? "",
         violation.asset?.code ?? "", violation.field ?? ""]
    }

    static func id(fields: [String]) -> String {
        let digest = SHA256.hash(data: LengthPrefixed.bytes(fields))
        var hex = ""
        for byte in digest.prefix(hexDigits / 2) {
            hex += String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        }
        return prefix + hex
    }
}
