import Foundation
import Testing
import TestSupport

/// `make bench`'s script runs every piece end to end at tiny sizes (`--quick`): configuration
/// generation, its own emulator and latency proxy, the peers, the call counting and the table.
/// It runs the debug build here, so its timings mean nothing and none is checked.
@Suite struct BenchmarkScriptTests {
    @Test func aQuickRunProducesEveryFigure() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestSupportFiles.python, TestSupportFiles.repositoryRoot + "/scripts/bench.py", "--quick", "--prov", ProvProcess.executable]
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        // Files rather than pipes: the script writes more progress than a pipe holds.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prov-bench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputFile = directory.appendingPathComponent("stdout"), logFile = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        process.waitUntilExit()
        let table = try String(contentsOf: outputFile, encoding: .utf8)
        let log = try String(contentsOf: logFile, encoding: .utf8)
        #expect(process.terminationStatus == 0, "scripts/bench.py --quick failed:\n\(log)")
        let figures = [
            "plan 100 resources, empty state (wall)", "growth 50 -> 100 resources", "peak memory, plan of 100 resources",
            "plan 200 resources, empty state", "plan 100 resources in state, no changes", "state write per change",
            "apply speed vs sequential boto3", "refresh calls for 10 objects of 3 types", "refresh speed vs one read per object",
            "calls per aws_vpc", "calls per aws_subnet", "calls per aws_security_group", "calls per aws_route_table",
            "calls per aws_internet_gateway", "calls per aws_secretsmanager_secret",
        ]
        for figure in figures {
            #expect(table.contains(figure), "the table has no row \"\(figure)\":\n\(table)")
        }
    }
}
