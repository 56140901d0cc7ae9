import CPrefetch

/// An array kept in fixed-size chunks, for the writer's account cache: appending never copies
/// what is already held, so the cache grows by one chunk at a time. A plain array grows by
/// doubling, and while it does, the old and the new buffer are both alive: loading 200,000
/// accounts into an empty ledger peaked at three times the cache's size.
///
/// The chunks are raw allocations owned by one class instance, and the subscript hands out their
/// addresses (`unsafeAddress`): reading `accounts[i].key` in the key probes' loop touches only the
/// key. Chunks of `[Element]` behind `_read` still copied the whole cached account, retaining
/// each of its strings, on every probe: about a second of a 1M-transfer run's engine thread.
/// Copy-on-write keeps value semantics, as the cache is copied only by tests.
package struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    /// 4,096 elements a chunk: under a megabyte for a cached account, and a shift to find one.
    fileprivate static var chunkShift: Int { 12 }
    fileprivate static var chunkSize: Int { 1 << chunkShift }

    private var storage = ChunkStorage<Element>()

    package init() {}

    package var startIndex: Int { 0 }
    package var endIndex: Int { storage.count }
    package var count: Int { storage.count }

    package subscript(position: Int) -> Element {
        unsafeAddress {
            UnsafePointer(storage.address(of: position))
        }
        unsafeMutableAddress {
            makeUnique()
            return storage.address(of: position)
        }
    }

    /// Starts loading element `position`'s memory into the processor's cache and returns without
    /// waiting: a caller about to read several elements asks for all of them first, so that their
    /// cache misses overlap (`CachedAccountIndex.indexes`).
    package func prefetch(_ position: Int) {
        let address = UnsafeRawPointer(storage.address(of: position))
        let size = MemoryLayout<Element>.size
        // An element need not start on a cache line: every 64 bytes of it, and its last byte.
        for offset in stride(from: 0, to: size, by: 64) { CPrefetch_read(address + offset) }
        if size > 1 { CPrefetch_read(address + (size - 1)) }
    }

    package mutating func append(_ element: Element) {
        makeUnique()
        storage.append(element)
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }
}

/// The chunks of one `ChunkedArray`: every chunk but the last is full.
private final class ChunkStorage<Element> {
    private var chunks: [UnsafeMutablePointer<Element>] = []
    private(set) var count = 0

    func address(of position: Int) -> UnsafeMutablePointer<Element> {
        precondition(position >= 0 && position < count, "index out of range")
        return chunks[position >> ChunkedArray<Element>.chunkShift] + (position & (ChunkedArray<Element>.chunkSize - 1))
    }

    func append(_ element: Element) {
        let offset = count & (ChunkedArray<Element>.chunkSize - 1)
        if offset == 0 { chunks.append(.allocate(capacity: ChunkedArray<Element>.chunkSize)) }
        (chunks[chunks.count - 1] + offset).initialize(to: element)
        count += 1
    }

    func copy() -> ChunkStorage<Element> {
        let copy = ChunkStorage<Element>()
        for (number, chunk) in chunks.enumerated() {
            let target = UnsafeMutablePointer<Element>.allocate(capacity: ChunkedArray<Element>.chunkSize)
            target.initialize(from: chunk, count: elements(inChunk: number))
            copy.chunks.append(target)
        }
        copy.count = count
        return copy
    }

    deinit {
        for (number, chunk) in chunks.enumerated() {
            chunk.deinitialize(count: elements(inChunk: number))
            chunk.deallocate()
        }
    }

    private func elements(inChunk number: Int) -> Int {
        Swift.min(ChunkedArray<Element>.chunkSize, count - number * ChunkedArray<Element>.chunkSize)
    }
}
