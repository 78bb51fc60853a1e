/// `₁`, `₂`, … `₁₂`: a number as subscript digits, as figures and `eval` number a name's
/// bindings (`h₃`).
public func subscriptDigits(_ number: Int) -> String {
    let digits = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
    return String(number).map { digits[Int(String($0))!] }.joined()
}
