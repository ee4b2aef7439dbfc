import Foundation
import Provisioner
import Testing
import TestSupport

/// Team state in S3, end to end on the emulator (whose S3 honours `If-Match` and
/// `If-None-Match` on PutObject): two working copies share one state, a running apply holds
/// the lock object, a write that races another is refused with nothing lost, no lock is left
/// after success, failure or Ctrl-C. What is in the bucket is checked through boto3.
///
/// The emulator runs without signature checks here: moto 5.2 rejects correctly signed
/// ListObjects requests whose query holds characters that are percent-encoded (boto3's own
/// `list_objects_v2(Prefix="env:/")` fails the same way), and listing workspaces needs them.
@Suite struct TeamStateEndToEndTests {
    static func sharedVPC(_ bucket: TeamStateBucket, cidr: String) -> [String: String] {
        ["backend.tf": bucket.backendBlock(), "main.tf": """
            provider "aws" {
              region = "eu-west-1"
            }
            resource "aws_vpc" "shared" {
              cidr_block = "\(cidr)"
            }
            output "vpc_id" {
              value = aws_vpc.shared.id
            }
            """]
    }

    /// A VPC, then a step that waits until the test creates the bucket `gate` (S3 resources
    /// retry while their bucket does not exist yet), then a VPC after it: an apply that stays
    /// in flight, holding the lock, for exactly as long as the test needs.
    static func gatedApply(_ bucket: TeamStateBucket, gate: String, cidrs: (String, String)) -> [String: String] {
        ["backend.tf": bucket.backendBlock(), "main.tf": """
            provider "aws" {
              region = "eu-west-1"
            }
            resource "aws_vpc" "first" {
              cidr_block = "\(cidrs.0)"
            }
            resource "aws_s3_bucket_versioning" "gate" {
              bucket = "\(gate)"
              versioning_configuration {
                status = "Enabled"
              }
              depends_on = [aws_vpc.first]
            }
            resource "aws_vpc" "after" {
              cidr_block = "\(cidrs.1)"
              depends_on = [aws_s3_bucket_versioning.gate]
            }
            """]
    }

    /// Whether the running apply has started the gated step and uploaded that fact: from then
    /// on it makes no change until the gate opens.
    static func waitingAtTheGate(_ bucket: TeamStateBucket) throws -> Bool {
        try bucket.state()?.unresolvedOperations().contains { $0.address.description == "aws_s3_bucket_versioning.gate" } ?? false
    }

    /// A team member's working copy. Each has its own configuration directory (where a key
    /// file would go), so the team shares the state's key as teams do: a passphrase.
    static func workingCopy(_ files: [String: String], server: MotoServer) throws -> ProvProcess {
        let environment = server.environment.merging(["PROV_STATE_PASSPHRASE": "team passphrase for the shared state"]) { _, team in team }
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: files), environment: environment)
        let initialized = try prov.run("init")
        guard initialized.status == 0 else { throw TeamStateError("prov init failed: \(initialized.output)") }
        return prov
    }

    @Test func twoWorkingCopiesShareOneState() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let bucket = try TeamStateBucket(server: server, prefix: "prov-team-share")
        let files = Self.sharedVPC(bucket, cidr: "10.211.0.0/16")
        let alice = try Self.workingCopy(files, server: server)
        let bob = try Self.workingCopy(files, server: server)

        let applied = try alice.run("apply", "-auto-approve")
        #expect(applied.status == 0, "\(applied.output)")
        let head = try #require(try bucket.head(bucket.key))
        #expect(head["ServerSideEncryption"] as? String == "AES256", "encrypt = true")
        #expect(try bucket.bytes(bucket.key)?.prefix(16) == Data("SQLite format 3\u{0}".utf8), "the object is the state database itself")
        let vpcID = try alice.run("output", "-raw", "vpc_id").stdout
        #expect(try bucket.vpcs(cidr: "10.211.0.0/16").map { $0["VpcId"] as? String } == [vpcID])

        // Bob sees what Alice applied.
        let plan = try bob.run("plan", "-detailed-exitcode")
        #expect(plan.status == 0, "\(plan.output)")
        #expect(plan.stdout.contains("No changes."))
        #expect(try bob.run("state", "list").stdout == "aws_vpc.shared\n")
        #expect(try bob.run("output", "-raw", "vpc_id").stdout == vpcID)

        // And Alice sees what Bob does.
        #expect(try bob.run("destroy", "-auto-approve").status == 0)
        #expect(try alice.run("state", "list").stdout == "")
        #expect(try bucket.vpcs(cidr: "10.211.0.0/16").isEmpty)
        #expect(try bucket.lock() == nil, "every run released its lock")
        let (lineage, serial) = try #require(try bucket.state()).metadata()
        #expect(!lineage.isEmpty && serial >= 2)
    }

    @Test func aRunningApplyHoldsTheLockAndAWriteThatRacedItIsRefused() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let bucket = try TeamStateBucket(server: server, prefix: "prov-team-race")
        let gate = bucket.name + "-gate"
        let files = Self.gatedApply(bucket, gate: gate, cidrs: ("10.212.0.0/16", "10.213.0.0/16"))
        let alice = try Self.workingCopy(files, server: server)
        let bob = try Self.workingCopy(files, server: server)

        let running = try RunningProv(alice, ["apply", "-auto-approve"])
        #expect(try poll(timeout: .seconds(90)) { try Self.waitingAtTheGate(bucket) }, "\(running.text)")
        let lock = try #require(try bucket.lock())
        let lockID = try #require(lock["ID"] as? String)
        #expect(lock["Operation"] as? String == "OperationTypeApply")
        #expect((lock["Who"] as? String)?.contains("@") == true)
        #expect(lock["Path"] as? String == "s3://\(bucket.name)/\(bucket.key)")

        // While Alice applies, Bob is refused, and told who holds the lock.
        let refused = try bob.run("apply", "-auto-approve")
        #expect(refused.status == 1)
        #expect(refused.messages.contains("Error acquiring the state lock"))
        #expect(refused.messages.contains("s3://\(bucket.name)/\(bucket.key) is locked by another run"))
        #expect(refused.messages.contains("ID:        \(lockID)"))
        #expect(refused.messages.contains("Operation: OperationTypeApply"))

        // Bob bypasses the lock and writes anyway.
        let bypass = try bob.run("state", "rm", "-lock=false", "aws_vpc.first")
        #expect(bypass.status == 0, "\(bypass.output)")

        // Alice's next write finds a version she did not read: refused, kept, reported.
        try bucket.createBucket(gate)
        let (status, output) = running.finish()
        #expect(status == 1)
        #expect(output.contains("State changed by another writer"), "\(output)")
        #expect(output.contains("did not overwrite it"))
        let shared = try #require(try bucket.state())
        #expect(try shared.snapshot().instanceAddresses.isEmpty, "Bob's version stays")
        let keptDirectory = alice.directory + "/.prov/remote-state/default"
        let kept = try FileManager.default.contentsOfDirectory(atPath: keptDirectory).filter { $0.hasPrefix("unsaved-") && $0.hasSuffix(".state.db") }
        #expect(kept.count == 1)
        #expect(output.contains(".prov/remote-state/default/unsaved-"), "the message says where")
        let keptState = try StateStore.open(at: keptDirectory + "/" + (kept.first ?? "missing"))
        let keptAddresses = Set(try keptState.snapshot().instanceAddresses.map(\.description))
        #expect(keptAddresses.isSuperset(of: ["aws_s3_bucket_versioning.gate", "aws_vpc.first"]), "nothing Alice did is lost")
        // Uploads run beside the apply, so the step after the gate may have started before the
        // refusal came back; if it did, its VPC is in the kept state too.
        let after = try bucket.vpcs(cidr: "10.213.0.0/16")
        #expect(after.isEmpty || keptAddresses.contains("aws_vpc.after"))
        #expect(try bucket.lock() == nil)
    }

    @Test func noLockIsLeftAfterAFailureOrAnInterruptedApply() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let bucket = try TeamStateBucket(server: server, prefix: "prov-team-stop")

        let failing = try Self.workingCopy(["backend.tf": bucket.backendBlock(), "main.tf": """
            provider "aws" {
              region = "eu-west-1"
            }
            resource "aws_subnet" "orphan" {
              vpc_id     = "vpc-0123456789abcdef0"
              cidr_block = "10.214.1.0/24"
            }
            """], server: server)
        let failed = try failing.run("apply", "-auto-approve")
        #expect(failed.status == 1)
        #expect(failed.messages.contains("vpc-0123456789abcdef0"), "\(failed.output)")
        #expect(try bucket.lock() == nil, "released after a failed apply")

        let gate = bucket.name + "-gate"
        let interrupted = try Self.workingCopy(Self.gatedApply(bucket, gate: gate, cidrs: ("10.214.0.0/24", "10.215.0.0/16")), server: server)
        let running = try RunningProv(interrupted, ["apply", "-auto-approve"])
        #expect(try poll(timeout: .seconds(90)) { try Self.waitingAtTheGate(bucket) }, "\(running.text)")
        running.interrupt()
        #expect(try running.waitForOutput(containing: "Gracefully shutting down"))
        try bucket.createBucket(gate)
        let (status, output) = running.finish()
        #expect(status == 1)
        #expect(output.contains("Apply interrupted"), "\(output)")
        #expect(try bucket.lock() == nil, "released after Ctrl-C")
        let state = try #require(try bucket.state())
        #expect(try state.snapshot().instanceAddresses.map(\.description).sorted() == ["aws_s3_bucket_versioning.gate", "aws_vpc.first"], "the call in flight finished and was recorded")
        #expect(try state.unresolvedOperations().isEmpty)
        #expect(try bucket.vpcs(cidr: "10.215.0.0/16").isEmpty, "nothing new started after the interrupt")
    }

    @Test func ctrlCAtTheConfirmationPromptReleasesTheLock() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let bucket = try TeamStateBucket(server: server, prefix: "prov-team-prompt")
        let prov = try Self.workingCopy(Self.sharedVPC(bucket, cidr: "10.216.0.0/16"), server: server)
        let running = try RunningProv(prov, ["apply"], onTerminal: true)
        #expect(try running.waitForOutput(containing: "Enter a value:"), "\(running.text)")
        #expect(try bucket.lock()?["Operation"] as? String == "OperationTypeApply", "the lock is held while asking")
        running.type("\u{03}")
        let (status, output) = running.finish()
        #expect(status != 0)
        #expect(output.contains("Interrupt received"), "\(output)")
        #expect(try bucket.lock() == nil)
        #expect(try bucket.vpcs(cidr: "10.216.0.0/16").isEmpty)
    }

    @Test func aStaleLockRefusesUntilForceUnlockedAndLockTimeoutWaits() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let bucket = try TeamStateBucket(server: server, prefix: "prov-team-unlock")
        let prov = try Self.workingCopy(Self.sharedVPC(bucket, cidr: "10.217.0.0/16"), server: server)
        // A lock left by a run on another machine, as Terraform writes it.
        let stale = ["ID": "4b1e0a52-stale", "Operation": "OperationTypeApply", "Info": "", "Who": "alice@laptop", "Created": "2026-01-02T03:04:05Z", "Path": "\(bucket.name)/\(bucket.key)"]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: stale), as: UTF8.self)
        _ = try server.oracle(.init("s3", "put_object", ["Bucket": bucket.name, "Key": bucket.key + ".tflock", "Body": body]))

        let refused = try prov.run("plan")
        #expect(refused.status == 1)
        #expect(refused.messages.contains("Who:       alice@laptop"), "\(refused.output)")
        #expect(refused.messages.contains("prov force-unlock 4b1e0a52-stale"))

        let started = ContinuousClock.now
        let waited = try prov.run("plan", "-lock-timeout=2s")
        #expect(waited.status == 1)
        #expect(ContinuousClock.now - started >= .seconds(2), "it waited for the lock before giving up")

        #expect(try prov.run("force-unlock", "-force", "not-the-id").messages.contains("does not match the current lock"))
        let unlocked = try prov.run("force-unlock", "-force", "4b1e0a52-stale")
        #expect(unlocked.status == 0, "\(unlocked.output)")
        #expect(try bucket.lock() == nil)
        #expect(try prov.run("plan").status == 0)
    }
}
