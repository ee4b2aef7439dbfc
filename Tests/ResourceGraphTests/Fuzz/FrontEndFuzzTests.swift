import Foundation
import Testing
@testable import ResourceGraph

/// Arbitrary bytes never crash the front end. A seeded generator mutates the corpus (byte-level:
/// bit flips, random bytes including invalid UTF-8 and control characters, deleted, duplicated
/// and spliced ranges, deep nesting; token-level: dropped, duplicated, swapped and replaced
/// tokens) and every result goes through the whole front end. A crash fails the run; so does a
/// broken invariant (a diagnostic pointing outside its file, or rendered without its position).
///
/// `PROV_FUZZ_ITERATIONS` sets the number of inputs (the default takes about ten seconds in a
/// debug build on two cores), `PROV_FUZZ_SEED` the seed. With `PROV_FUZZ_INPUT_FILE=path` each
/// shard keeps the input it is running in `path.<shard>` (a second file in `path.<shard>.other`),
/// so after a crash `PROV_FUZZ_REPLAY=path.<shard>` runs it again, to debug it and keep it as a
/// regression case.
@Suite struct FrontEndFuzzTests {
    static let shards = 4
    static let defaultIterations = 3_000

    static var iterations: Int {
        ProcessInfo.processInfo.environment["PROV_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? defaultIterations
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["PROV_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_F00D
    }

    @Test func theCorpusHasEveryKindOfSource() {
        let origins = FuzzCorpus.entries.map(\.origin)
        #expect(origins.contains { $0.hasPrefix("Examples/") })
        #expect(origins.contains { $0.hasSuffix(".tftpl") })
        #expect(origins.contains { $0.hasPrefix("Tests/") && $0.contains(".swift snippet") })
        #expect(origins.contains { $0.hasPrefix("seed ") })
    }

    /// Unmutated, the corpus must already satisfy every invariant.
    @Test func theCorpusItselfKeepsEveryInvariant() throws {
        let pipeline = try FrontEndPipeline()
        for entry in FuzzCorpus.entries {
            let violations = pipeline.run([SourceFile(filename: "main.tf", bytes: entry.bytes)])
            #expect(violations.isEmpty, "\(entry.origin): \(violations)")
        }
    }

    /// Shards run in parallel; each mutates its own share of the inputs from its own seed.
    @Test(arguments: 0..<shards)
    func mutatedInputsNeverCrashTheFrontEnd(shard: Int) throws {
        let pipeline = try FrontEndPipeline()
        let corpus = FuzzCorpus.entries
        var mutator = Mutator(random: SeededGenerator(seed: Self.seed &+ UInt64(shard)), corpus: corpus)
        let inputFile = ProcessInfo.processInfo.environment["PROV_FUZZ_INPUT_FILE"].map { "\($0).\(shard)" }
        let count = Self.iterations / Self.shards + (shard < Self.iterations % Self.shards ? 1 : 0)
        var failures = 0
        for iteration in 0..<count {
            var files = [SourceFile(filename: "main.tf", bytes: mutator.mutate(corpus.randomElement(using: &mutator.random)!.bytes))]
            // Sometimes a second file, so declarations meet across files as they do in modules.
            if mutator.random.chance(1, in: 4) {
                files.append(SourceFile(filename: "other.tf", bytes: mutator.mutate(corpus.randomElement(using: &mutator.random)!.bytes)))
            }
            if let inputFile { try Self.save(files, to: inputFile) }
            let violations = pipeline.run(files)
            if !violations.isEmpty {
                failures += 1
                if failures <= 5 {
                    Issue.record("shard \(shard), iteration \(iteration): \(violations)\ninput: \(files.map { Array($0.bytes) })")
                }
            }
        }
        #expect(failures == 0, "\(failures) of \(count) inputs broke an invariant")
    }

    /// Runs the files saved by a crashed run (`PROV_FUZZ_REPLAY` names them, as saved by
    /// `PROV_FUZZ_INPUT_FILE`), to see the crash or the violation again under a debugger.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PROV_FUZZ_REPLAY"] != nil))
    func replaysASavedInput() throws {
        let path = try #require(ProcessInfo.processInfo.environment["PROV_FUZZ_REPLAY"])
        let files = [("main.tf", path), ("other.tf", path + ".other")].compactMap { name, path -> SourceFile? in
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return SourceFile(filename: name, bytes: [UInt8](data))
        }
        #expect(try FrontEndPipeline().run(files) == [])
    }

    static func save(_ files: [SourceFile], to path: String) throws {
        try Data(files[0].bytes).write(to: URL(fileURLWithPath: path))
        if files.count > 1 {
            try Data(files[1].bytes).write(to: URL(fileURLWithPath: path + ".other"))
        } else if FileManager.default.fileExists(atPath: path + ".other") {
            try FileManager.default.removeItem(atPath: path + ".other")
        }
    }
}
