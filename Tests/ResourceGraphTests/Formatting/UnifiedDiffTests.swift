import Testing
@testable import ResourceGraph

/// The diffs `prov fmt -diff` prints, in the layout of `diff -u` (checked against GNU diff).
@Suite struct UnifiedDiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(UnifiedDiff.make(from: "a\nb\n", to: "a\nb\n", oldLabel: "old/x", newLabel: "new/x") == "")
    }

    @Test func aChangeIsShownWithThreeLinesOfContext() {
        let old = "1\n2\n3\n4\nchange me\n6\n7\n8\n9\n"
        let new = "1\n2\n3\n4\nchanged\n6\n7\n8\n9\n"
        #expect(UnifiedDiff.make(from: old, to: new, oldLabel: "old/main.tf", newLabel: "new/main.tf") == """
            --- old/main.tf
            +++ new/main.tf
            @@ -2,7 +2,7 @@
             2
             3
             4
            -change me
            +changed
             6
             7
             8

            """)
    }

    @Test func changesSixLinesApartShareAHunkAndSevenApartDoNot() {
        let six = UnifiedDiff.make(from: "a\n1\n2\n3\n4\n5\n6\nb\n", to: "A\n1\n2\n3\n4\n5\n6\nB\n", oldLabel: "o", newLabel: "n")
        #expect(six.components(separatedBy: "@@ -").count - 1 == 1)
        #expect(six.contains("@@ -1,8 +1,8 @@"))

        let seven = UnifiedDiff.make(from: "a\n1\n2\n3\n4\n5\n6\n7\nb\n", to: "A\n1\n2\n3\n4\n5\n6\n7\nB\n", oldLabel: "o", newLabel: "n")
        #expect(seven.contains("@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n"))
        #expect(seven.contains("@@ -6,4 +6,4 @@\n 5\n 6\n 7\n-b\n+B\n"))
    }

    @Test func insertionsAndDeletionsCountTheirRanges() {
        #expect(UnifiedDiff.make(from: "", to: "x\ny\n", oldLabel: "o", newLabel: "n") == "--- o\n+++ n\n@@ -0,0 +1,2 @@\n+x\n+y\n")
        #expect(UnifiedDiff.make(from: "x\n", to: "", oldLabel: "o", newLabel: "n") == "--- o\n+++ n\n@@ -1 +0,0 @@\n-x\n")
        // Deleted lines come before the lines that replace them.
        #expect(UnifiedDiff.make(from: "k\na\nb\n", to: "k\nc\nd\n", oldLabel: "o", newLabel: "n") == "--- o\n+++ n\n@@ -1,3 +1,3 @@\n k\n-a\n-b\n+c\n+d\n")
    }

    @Test func aLastLineWithoutNewlineIsMarked() {
        let diff = UnifiedDiff.make(from: "a=1", to: "a = 1", oldLabel: "o", newLabel: "n")
        #expect(diff == "--- o\n+++ n\n@@ -1 +1 @@\n-a=1\n\\ No newline at end of file\n+a = 1\n\\ No newline at end of file\n")
    }

    @Test func windowsLineEndingsAreSplitOnTheNewline() {
        let diff = UnifiedDiff.make(from: "a=1\r\nb = 2\r\n", to: "a = 1\r\nb = 2\r\n", oldLabel: "o", newLabel: "n")
        #expect(diff == "--- o\n+++ n\n@@ -1,2 +1,2 @@\n-a=1\r\n+a = 1\r\n b = 2\r\n")
    }

    @Test func largelyDifferentTextsStillMatchTheirCommonLines() {
        let old = (0..<300).map { $0 % 3 == 0 ? "same \($0)" : "old \($0)" }.joined(separator: "\n") + "\n"
        let new = (0..<300).map { $0 % 3 == 0 ? "same \($0)" : "new \($0)" }.joined(separator: "\n") + "\n"
        let diff = UnifiedDiff.make(from: old, to: new, oldLabel: "o", newLabel: "n")
        let lines = diff.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix(" same") }.count == 100)
        #expect(lines.filter { $0.hasPrefix("-old") }.count == 200)
        #expect(lines.filter { $0.hasPrefix("+new") }.count == 200)
    }
}
