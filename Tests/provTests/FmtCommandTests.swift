import Foundation
import Testing

/// `prov fmt` end to end: which files it rewrites, what it prints and the exit statuses
/// `terraform fmt` uses (2 for errors, 3 for -check finding work).
@Suite struct FmtCommandTests {
    static let unformatted = "resource \"aws_vpc\" \"main\" {\ncidr_block = \"10.0.0.0/16\"\nenable_dns_support=true\n}\n"
    static let formatted = "resource \"aws_vpc\" \"main\" {\n  cidr_block         = \"10.0.0.0/16\"\n  enable_dns_support = true\n}\n"

    @Test func rewritesConfigurationFilesAndListsTheOnesThatChanged() throws {
        let directory = try ProvProcess.workspace(files: [
            "main.tf": Self.unformatted,
            "tidy.tf": Self.formatted,
            "terraform.tfvars": "region=\"eu-west-1\"\ncount=2\n",
            "notes.txt": "a=1\n",
        ])
        let result = try ProvProcess(directory: directory).run("fmt")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout == "main.tf\nterraform.tfvars\n")
        #expect(try read(directory, "main.tf") == Self.formatted)
        #expect(try read(directory, "terraform.tfvars") == "region = \"eu-west-1\"\ncount  = 2\n")
        #expect(try read(directory, "tidy.tf") == Self.formatted)
        #expect(try read(directory, "notes.txt") == "a=1\n")
    }

    @Test func checkExitsWithThreeAndWritesNothingWhenAFileNeedsFormatting() throws {
        let directory = try ProvProcess.workspace(files: ["main.tf": Self.unformatted])
        let result = try ProvProcess(directory: directory).run("fmt", "-check")
        #expect(result.status == 3)
        #expect(result.stdout == "main.tf\n")
        #expect(try read(directory, "main.tf") == Self.unformatted)
    }

    @Test func checkExitsWithZeroWhenEverythingIsFormatted() throws {
        let directory = try ProvProcess.workspace(files: ["main.tf": Self.formatted])
        let result = try ProvProcess(directory: directory).run("fmt", "-check")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout == "")
    }

    @Test func checkWithoutTheListPrintsNothingButStillFails() throws {
        let directory = try ProvProcess.workspace(files: ["main.tf": Self.unformatted])
        let result = try ProvProcess(directory: directory).run("fmt", "-check", "-list=false")
        #expect(result.status == 3)
        #expect(result.stdout == "")
    }

    @Test func diffPrintsAUnifiedDiffOfTheChanges() throws {
        let directory = try ProvProcess.workspace(files: ["main.tf": Self.unformatted])
        let result = try ProvProcess(directory: directory).run("fmt", "-diff", "-write=false")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout == """
            main.tf
            --- old/main.tf
            +++ new/main.tf
            @@ -1,4 +1,4 @@
             resource "aws_vpc" "main" {
            -cidr_block = "10.0.0.0/16"
            -enable_dns_support=true
            +  cidr_block         = "10.0.0.0/16"
            +  enable_dns_support = true
             }

            """)
        #expect(try read(directory, "main.tf") == Self.unformatted)
    }

    @Test func withoutListOrWriteTheFormattedTextIsPrinted() throws {
        let directory = try ProvProcess.workspace(files: ["main.tf": Self.unformatted])
        let result = try ProvProcess(directory: directory).run("fmt", "-list=false", "-write=false")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout == Self.formatted)
        #expect(try read(directory, "main.tf") == Self.unformatted)
    }

    @Test func subdirectoriesAreFormattedOnlyWithRecursive() throws {
        let directory = try ProvProcess.workspace(files: ["main.tf": Self.unformatted])
        for sub in ["modules/network", ".terraform/modules/x"] {
            try FileManager.default.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
            try Self.unformatted.write(toFile: directory + "/" + sub + "/main.tf", atomically: true, encoding: .utf8)
        }
        let prov = ProvProcess(directory: directory)

        let flat = try prov.run("fmt", "-check")
        #expect(flat.stdout == "main.tf\n")

        let recursive = try prov.run("fmt", "-recursive")
        #expect(recursive.status == 0, "\(recursive.output)")
        #expect(recursive.stdout == "main.tf\nmodules/network/main.tf\n")
        #expect(try read(directory, "modules/network/main.tf") == Self.formatted)
        #expect(try read(directory, ".terraform/modules/x/main.tf") == Self.unformatted, "hidden directories are skipped")
    }

    @Test func namedFilesAndDirectoriesAreFormattedWithPathsRelativeToTheWorkingDirectory() throws {
        let directory = try ProvProcess.workspace(files: ["main.tf": Self.unformatted, "other.tf": Self.unformatted])
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        try Self.unformatted.write(toFile: directory + "/sub/x.tf", atomically: true, encoding: .utf8)
        let result = try ProvProcess(directory: directory).run("fmt", "./other.tf", "sub/")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout == "other.tf\nsub/x.tf\n")
        #expect(try read(directory, "main.tf") == Self.unformatted)
    }

    @Test func aFileWithSyntaxErrorsIsReportedAndLeftAlone() throws {
        let broken = "resource \"aws_vpc\" \"main\" {\ncidr_block = \"10.0.0.0/16\n}\n"
        let directory = try ProvProcess.workspace(files: ["broken.tf": broken, "main.tf": Self.unformatted])
        let result = try ProvProcess(directory: directory).run("fmt")
        #expect(result.status == 2)
        #expect(result.stderr.contains("Error: Unterminated template string"))
        #expect(result.stderr.contains("on broken.tf line 2"))
        #expect(try read(directory, "broken.tf") == broken)
        #expect(result.stdout == "main.tf\n", "the other files are still formatted")
        #expect(try read(directory, "main.tf") == Self.formatted)
    }

    @Test func checkReportsSyntaxErrorsBeforeAnyList() throws {
        let directory = try ProvProcess.workspace(files: ["broken.tf": "x = \"open\n", "main.tf": Self.unformatted])
        let result = try ProvProcess(directory: directory).run("fmt", "-check")
        #expect(result.status == 2)
        #expect(result.stdout == "", "Terraform shows the list only when every file parsed")
        #expect(result.stderr.contains("on broken.tf line 1"))
    }

    @Test func targetsThatAreMissingOrNotConfigurationAreErrors() throws {
        let directory = try ProvProcess.workspace(files: ["notes.txt": "x"])
        let prov = ProvProcess(directory: directory)

        let missing = try prov.run("fmt", "nowhere.tf")
        #expect(missing.status == 2)
        #expect(missing.messages.contains("No file or directory at nowhere.tf"))

        let text = try prov.run("fmt", "notes.txt")
        #expect(text.status == 2)
        #expect(text.messages.contains("Only .tf, .tfvars, and .tftest.hcl files can be processed"))
    }

    @Test func aDashReadsStandardInputAndPrintsTheResult() throws {
        let directory = try ProvProcess.workspace(files: ["input.txt": Self.unformatted])
        let formatted = try runReadingStandardInput(directory: directory, file: "input.txt", arguments: ["fmt", "-"])
        #expect(formatted.status == 0)
        #expect(formatted.stdout == Self.formatted)

        let checked = try runReadingStandardInput(directory: directory, file: "input.txt", arguments: ["fmt", "-check", "-"])
        #expect(checked.status == 3)
        #expect(checked.stdout == "", "standard input is never listed")
    }

    // MARK: Helpers

    private func read(_ directory: String, _ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    /// ProvProcess gives the command an empty standard input; `fmt -` needs a file's contents.
    private func runReadingStandardInput(directory: String, file: String, arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProvProcess.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProvProcess(directory: directory).environment
        process.standardInput = FileHandle(forReadingAtPath: directory + "/" + file)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
