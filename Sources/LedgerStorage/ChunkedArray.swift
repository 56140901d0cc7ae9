/// An array kept in fixed-size chunks, for the writer's account cache: appending never copies
/// what is already held, so the cache grows by one chunk at a time. A plain array grows by
/// doubling, and while it does, the old and the new buffer are both alive: loading 200,000
/// accounts into an empty ledger peaked at three times the cache's size.
package struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    /// 4,096 elements a chunk: under a megabyte for a cached account, and a shift to find one.
    private static var chunkShift: Int { 12 }
    private static var chunkSize: Int { 1 << chunkShift }

    private var chunks: [[Element]] = []
    package private(set) var count = 0

    package init() {}

    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    /// Read and modified in place (`_read`/`_modify`): with a plain get/set, every `accounts[i].key`
    /// in the writer's hot loop copied the whole cached account (and retained each of its strings).
    package subscript(position: Int) -> Element {
        _read {
            precondition(position >= 0 && position < count, "index out of range")
            yield chunks[position >> Self.chunkShift][position & (Self.chunkSize - 1)]
        }
        _modify {
            precondition(position >= 0 && position < count, "index out of range")
            yield &chunks[position >> Self.chunkShift][position & (Self.chunkSize - 1)]
        }
    }

    package mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }
}
