/// The element values of one tensor, in row-major order, with their dtype.
public enum TensorValues: Sendable, Equatable {
    /// safetensors dtype `F32`.
    case f32([Float])
    /// safetensors dtype `F64`.
    case f64([Double])

    /// The number of elements.
    public var count: Int {
        switch self {
        case .f32(let v): return v.count
        case .f64(let v): return v.count
        }
    }

    /// The safetensors dtype name: `"F32"` or `"F64"`.
    public var dtypeName: String {
        switch self {
        case .f32: return SafetensorsDType.f32.rawValue
        case .f64: return SafetensorsDType.f64.rawValue
        }
    }
}

/// One named array of a safetensors file: a shape and row-major values.
public struct SafeTensor: Sendable, Equatable {
    /// Dimensions, outermost first; `[]` is a scalar (one element), `[0]` is empty.
    public var shape: [Int]
    /// Row-major values; their count is the product of `shape`.
    public var values: TensorValues

    /// Precondition: every dimension is non-negative and their product equals `values.count`.
    public init(shape: [Int], values: TensorValues) {
        let count = SafeTensor.elementCount(shape)
        precondition(count == values.count,
                     "shape \(shape) holds \(count.map(String.init) ?? "an invalid number of") elements, values have \(values.count)")
        self.shape = shape
        self.values = values
    }

    /// A `F32` tensor.
    public init(shape: [Int], floats: [Float]) {
        self.init(shape: shape, values: .f32(floats))
    }

    /// A `F64` tensor.
    public init(shape: [Int], doubles: [Double]) {
        self.init(shape: shape, values: .f64(doubles))
    }

    /// The values widened (or kept) as `Double`.
    public var doubles: [Double] {
        switch values {
        case .f32(let v): return v.map(Double.init)
        case .f64(let v): return v
        }
    }

    /// The values as `Float` (`F64` values are rounded to nearest).
    public var floats: [Float] {
        switch values {
        case .f32(let v): return v
        case .f64(let v): return v.map(Float.init)
        }
    }

    /// The number of elements.
    public var count: Int { values.count }

    /// Whether every value is finite (no NaN, no infinity).
    public var isFinite: Bool {
        switch values {
        case .f32(let v): return v.allSatisfy(\.isFinite)
        case .f64(let v): return v.allSatisfy(\.isFinite)
        }
    }

    /// The product of `shape`, or nil when a dimension is negative or the product overflows `Int`.
    static func elementCount(_ shape: [Int]) -> Int? {
        var product = 1
        for dim in shape {
            guard dim >= 0 else { return nil }
            let (p, overflow) = product.multipliedReportingOverflow(by: dim)
            if overflow { return nil }
            product = p
        }
        return product
    }
}

/// The element types tinynet reads and writes.
enum SafetensorsDType: String, CaseIterable {
    case f32 = "F32"
    case f64 = "F64"

    /// Bytes per element.
    var size: Int {
        switch self {
        case .f32: return 4
        case .f64: return 8
        }
    }
}
