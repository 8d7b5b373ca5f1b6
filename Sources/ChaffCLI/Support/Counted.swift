/// A count with its noun, for messages: "1 page", "2 pages", "0 blocks".
/// (Every noun the commands count takes a plain "s".)
func counted(_ count: some BinaryInteger, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
