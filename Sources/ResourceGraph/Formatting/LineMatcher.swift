/// Finds a longest common subsequence of two line sequences with Myers' O(ND) algorithm in its
/// linear-space form: find the middle snake of the shortest edit script, then solve the halves
/// before and after it. Memory stays proportional to the input, however different the files.
struct LineMatcher {
    private let old: [Int]
    private let new: [Int]
    private var matches: [(old: Int, new: Int)] = []

    /// Pairs of indices of equal lines, in increasing order of both.
    static func matches(_ old: [String], _ new: [String]) -> [(old: Int, new: Int)] {
        // Compare small integers rather than strings in the inner loops.
        var numbers: [String: Int] = [:]
        func number(_ line: String) -> Int {
            if let known = numbers[line] { return known }
            numbers[line] = numbers.count
            return numbers.count - 1
        }
        var matcher = LineMatcher(old: old.map(number), new: new.map(number))
        matcher.match(0..<old.count, 0..<new.count)
        return matcher.matches
    }

    private init(old: [Int], new: [Int]) {
        self.old = old
        self.new = new
    }

    private mutating func match(_ a: Range<Int>, _ b: Range<Int>) {
        var a = a, b = b
        var suffix: [(old: Int, new: Int)] = []
        while !a.isEmpty, !b.isEmpty, old[a.lowerBound] == new[b.lowerBound] {
            matches.append((a.lowerBound, b.lowerBound))
            a = (a.lowerBound + 1)..<a.upperBound
            b = (b.lowerBound + 1)..<b.upperBound
        }
        while !a.isEmpty, !b.isEmpty, old[a.upperBound - 1] == new[b.upperBound - 1] {
            suffix.append((a.upperBound - 1, b.upperBound - 1))
            a = a.lowerBound..<(a.upperBound - 1)
            b = b.lowerBound..<(b.upperBound - 1)
        }
        // With equal ends trimmed, the edit distance is at least two, so both halves around the
        // middle snake are strictly smaller problems.
        if !a.isEmpty, !b.isEmpty, let snake = middleSnake(a, b) {
            match(a.lowerBound..<snake.oldStart, b.lowerBound..<snake.newStart)
            for offset in 0..<(snake.oldEnd - snake.oldStart) {
                matches.append((snake.oldStart + offset, snake.newStart + offset))
            }
            match(snake.oldEnd..<a.upperBound, snake.newEnd..<b.upperBound)
        }
        matches.append(contentsOf: suffix.reversed())
    }

    private struct Snake {
        var oldStart: Int, newStart: Int, oldEnd: Int, newEnd: Int
    }

    /// The diagonal run in the middle of a shortest edit script from `a` to `b`, found by
    /// searching forwards from the start and backwards from the end until the paths meet.
    private func middleSnake(_ a: Range<Int>, _ b: Range<Int>) -> Snake? {
        let n = a.count, m = b.count
        let delta = n - m
        let odd = delta & 1 != 0
        let limit = (n + m + 1) / 2 + 1
        // Diagonal k is stored at k + offset; forward[k] is the furthest x reached on diagonal
        // k = x - y, backward[k] the furthest distance from the end on reversed diagonal k.
        let offset = limit + 1
        var forward = [Int](repeating: 0, count: 2 * offset + 1)
        var backward = [Int](repeating: 0, count: 2 * offset + 1)
        for d in 0...limit {
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && forward[k - 1 + offset] < forward[k + 1 + offset]))
                    ? forward[k + 1 + offset] : forward[k - 1 + offset] + 1
                var y = x - k
                let startX = x, startY = y
                while x < n, y < m, old[a.lowerBound + x] == new[b.lowerBound + y] {
                    x += 1
                    y += 1
                }
                forward[k + offset] = x
                let reversed = delta - k
                if odd, reversed >= -(d - 1), reversed <= d - 1, x + backward[reversed + offset] >= n {
                    return Snake(oldStart: a.lowerBound + startX, newStart: b.lowerBound + startY, oldEnd: a.lowerBound + x, newEnd: b.lowerBound + y)
                }
            }
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && backward[k - 1 + offset] < backward[k + 1 + offset]))
                    ? backward[k + 1 + offset] : backward[k - 1 + offset] + 1
                var y = x - k
                let startX = x, startY = y
                while x < n, y < m, old[a.upperBound - 1 - x] == new[b.upperBound - 1 - y] {
                    x += 1
                    y += 1
                }
                backward[k + offset] = x
                let forwardDiagonal = delta - k
                if !odd, forwardDiagonal >= -d, forwardDiagonal <= d, x + forward[forwardDiagonal + offset] >= n {
                    return Snake(oldStart: a.upperBound - x, newStart: b.upperBound - y, oldEnd: a.upperBound - startX, newEnd: b.upperBound - startY)
                }
            }
        }
        // The paths always meet within the limit; nil only guards against looping forever.
        return nil
    }
}
