import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// `for_each` over a map whose keys are known at plan time but whose values come from objects
/// created in the same run (a bucket's id for each bucket setting): apply must give each
/// instance the value known by then, not the plan's placeholder.
@Suite struct ForEachApplyTests {
    @Test func eachValueIsTheAppliedValueOfWhatItComesFrom() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        resource "fake_thing" "bucket" {
          count = 2
          name  = "bucket-${count.index}"
        }
        locals {
          buckets = {
            audio  = fake_thing.bucket[0].id
            images = fake_thing.bucket[1].id
          }
        }
        resource "fake_thing" "setting" {
          for_each  = local.buckets
          name      = "setting-${each.key}"
          parent_id = each.value
        }
        resource "fake_thing" "inline" {
          for_each  = { only = { parent = fake_thing.bucket[0].arn, size = 3 } }
          name      = "inline-${each.key}"
          parent_id = each.value.parent
          size      = each.value.size
        }
        """)
        let (plan, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(plan?.action("fake_thing.setting[\"audio\"]") == .create)
        let state = try harness.state()
        func attribute(_ address: String, _ name: String) -> Value? {
            state.resources[InstanceAddress.parse(address)!]?.value[attribute: name]
        }
        let audio = try #require(attribute("fake_thing.bucket[0]", "id")?.stringValue)
        let images = try #require(attribute("fake_thing.bucket[1]", "id")?.stringValue)
        #expect(attribute("fake_thing.setting[\"audio\"]", "parent_id") == .string(audio))
        #expect(attribute("fake_thing.setting[\"images\"]", "parent_id") == .string(images))
        #expect(attribute("fake_thing.inline[\"only\"]", "parent_id") == .string("arn:fake:::\(audio)"))
        #expect(attribute("fake_thing.inline[\"only\"]", "size") == .number(3))
        let (again, _) = try await harness.plan()
        #expect(again?.hasChanges == false, "nothing is left to change")
    }
}
