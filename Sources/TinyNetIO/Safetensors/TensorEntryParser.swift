/// Validates one tensor entry of a safetensors header:
/// `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}`.
struct TensorEntryParser {
    let decoder: SafetensorsDecoder
    let name: String

    private func fail(_ message: String) -> CheckpointError {
        decoder.fail("tensor \(SafetensorsDecoder.quoted(name)) \(message)")
    }

    func parse(_ value: JSONValue) throws -> TensorEntry {
        guard case .object(let members) = value else {
            throw fail("is \(value.kindName), expected an object with dtype, shape and data_offsets")
        }
        var dtype: SafetensorsDType?, shape: [Int]?, offsets: (Int, Int)?
        for (key, item) in members {
            switch key {
            case "dtype" where dtype == nil: dtype = try parseDType(item)
            case "shape" where shape == nil: shape = try parseShape(item)
            case "data_offsets" where offsets == nil: offsets = try parseOffsets(item)
            case "dtype", "shape", "data_offsets": throw fail("has the key '\(key)' twice")
            default: throw fail("has the unknown key \(SafetensorsDecoder.quoted(key)); expected dtype, shape and data_offsets")
            }
        }
        guard let dtype else { throw fail("has no dtype") }
        guard let shape else { throw fail("has no shape") }
        guard let (begin, end) = offsets else { throw fail("has no data_offsets") }
        try checkSpan(dtype: dtype, shape: shape, begin: begin, end: end)
        return TensorEntry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    private func parseDType(_ item: JSONValue) throws -> SafetensorsDType {
        guard case .string(let text) = item else {
            throw fail("dtype is \(item.kindName), expected a string such as \"F32\"")
        }
        guard let dtype = SafetensorsDType(rawValue: text) else {
            throw fail("has dtype \(text.count > 24 ? String(text.prefix(21)) + "..." : text); tinynet reads F32 and F64")
        }
        return dtype
    }

    private func parseShape(_ item: JSONValue) throws -> [Int] {
        guard case .array(let dims) = item else {
            throw fail("shape is \(item.kindName), expected an array of non-negative integers")
        }
        return try dims.map { dim in
            guard let n = dim.intValue else {
                throw fail("shape contains \(dim.kindName), expected non-negative integers")
            }
            guard n >= 0 else { throw fail("shape contains the negative dimension \(n)") }
            return n
        }
    }

    private func parseOffsets(_ item: JSONValue) throws -> (Int, Int) {
        guard case .array(let pair) = item, pair.count == 2 else {
            throw fail("data_offsets is \(item.kindName), expected an array of two integers [begin, end]")
        }
        guard let begin = pair[0].intValue, let end = pair[1].intValue else {
            throw fail("data_offsets must be two integers, found [\(pair[0].kindName), \(pair[1].kindName)]")
        }
        guard begin >= 0, end >= 0 else {
            throw fail("data_offsets [\(begin), \(end)] contain a negative offset")
        }
        guard begin <= end else {
            throw fail("data_offsets [\(begin), \(end)] are out of order: begin is after end")
        }
        return (begin, end)
    }

    /// Element count × dtype size must equal the byte span, without overflowing.
    private func checkSpan(dtype: SafetensorsDType, shape: [Int], begin: Int, end: Int) throws {
        let shapeText = "[" + shape.map(String.init).joined(separator: ", ") + "]"
        guard let count = SafeTensor.elementCount(shape) else {
            throw fail("shape \(shapeText) has more elements than can be addressed")
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        guard !overflow else { throw fail("shape \(shapeText) has more elements than can be addressed") }
        guard bytes == end - begin else {
            throw fail("has shape \(shapeText) of \(dtype.rawValue), \(bytes) bytes, but data_offsets [\(begin), \(end)] span \(end - begin) bytes")
        }
    }
}
