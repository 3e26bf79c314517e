/// Serialization: a small deterministic JSON writer and the little-endian data section.
extension SafetensorsFile {
    /// The file's bytes: an 8-byte little-endian header length N, N bytes of JSON header
    /// (padded with spaces to a multiple of 8, as the reference writer does), then the data.
    ///
    /// Deterministic: the same content always gives the same bytes. The header is compact
    /// JSON with `"__metadata__"` first (omitted when there is no metadata) and its keys sorted,
    /// then the tensors sorted by name; tensor data is laid out in the same sorted order.
    /// Names sort by their UTF-8 bytes. Each entry's keys are `dtype`, `shape`, `data_offsets`,
    /// in that order, like the reference writer.
    ///
    /// Precondition: no tensor is named `"__metadata__"`, and every tensor's shape matches
    /// its value count (guaranteed by `SafeTensor.init` unless the fields were changed since).
    public func encoded() -> [UInt8] {
        precondition(tensors["__metadata__"] == nil, "a tensor cannot be named '__metadata__'")
        let entries = SafetensorsFile.sortedByKey(tensors)
        var header = headerJSON(entries)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        let dataSize = entries.reduce(0) { $0 + byteCount($1.value.values) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + dataSize)
        appendLittleEndian(UInt64(header.count), to: &out)
        out.append(contentsOf: header)
        for entry in entries { appendValues(entry.value.values, to: &out) }
        return out
    }

    /// Entries in the UTF-8 byte order of their keys (stable across platforms).
    static func sortedByKey<V>(_ dict: [String: V]) -> [(key: String, value: V)] {
        dict.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    private func headerJSON(_ entries: [(key: String, value: SafeTensor)]) -> [UInt8] {
        var json: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        func separator() {
            if !first { json.append(UInt8(ascii: ",")) }
            first = false
        }
        if !metadata.isEmpty {
            separator()
            json.append(contentsOf: JSONText.encode("__metadata__").utf8)
            json.append(contentsOf: Array(":{".utf8))
            for (i, item) in SafetensorsFile.sortedByKey(metadata).enumerated() {
                if i > 0 { json.append(UInt8(ascii: ",")) }
                json.append(contentsOf: JSONText.encode(item.key).utf8)
                json.append(UInt8(ascii: ":"))
                json.append(contentsOf: JSONText.encode(item.value).utf8)
            }
            json.append(UInt8(ascii: "}"))
        }
        var offset = 0
        for (name, tensor) in entries {
            precondition(SafeTensor.elementCount(tensor.shape) == tensor.count,
                         "tensor '\(name)' has shape \(tensor.shape) but \(tensor.count) values")
            let end = offset + byteCount(tensor.values)
            separator()
            json.append(contentsOf: JSONText.encode(name).utf8)
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            let entry = ":{\"dtype\":\"\(tensor.values.dtypeName)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}"
            json.append(contentsOf: Array(entry.utf8))
            offset = end
        }
        json.append(UInt8(ascii: "}"))
        return json
    }

    private func byteCount(_ values: TensorValues) -> Int {
        switch values {
        case .f32(let v): return v.count * 4
        case .f64(let v): return v.count * 8
        }
    }

    private func appendValues(_ values: TensorValues, to out: inout [UInt8]) {
        #if _endian(little)
        switch values {
        case .f32(let v): v.withUnsafeBytes { out.append(contentsOf: $0) }
        case .f64(let v): v.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        #else
        switch values {
        case .f32(let v): for x in v { appendLittleEndian(x.bitPattern, to: &out) }
        case .f64(let v): for x in v { appendLittleEndian(x.bitPattern, to: &out) }
        }
        #endif
    }
}

@inline(__always)
private func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
}
