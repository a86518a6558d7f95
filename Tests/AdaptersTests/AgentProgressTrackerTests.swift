@testable import Adapters
import Services
import Testing

/// The agent's progress events become the monitor's line, patch by patch in the request's order.
@Suite("agent progress")
struct AgentProgressTrackerTests {
    static func event(_ json: String) -> AgentEvent { AgentEvent(line: Substring(json))! }

    @Test("download, install and results move each patch along; the search says nothing yet; other events are ignored")
    func phases() {
        var tracker = AgentProgressTracker(kbs: ["KB1", "KB2", "KB3"])
        #expect(tracker.take(Self.event(#"{"event":"progress","stage":"search","percent":100}"#)) == nil)
        #expect(tracker.take(Self.event(#"{"event":"task","name":"Patchbay-job1-server1","state":"started"}"#)) == nil)
        var line = tracker.take(Self.event(#"{"event":"progress","stage":"download","percent":40,"kb":"KB2","update_percent":70}"#))?.summary
        #expect(line == "KB1 downloaded · KB2 downloading 70% · KB3 waiting")
        line = tracker.take(Self.event(#"{"event":"progress","stage":"install","percent":10,"kb":"KB1","update_percent":30}"#))?.summary
        #expect(line == "KB1 installing 30% · KB2 downloaded · KB3 downloaded")
        line = tracker.take(Self.event(#"{"event":"progress","stage":"install","percent":60,"kb":"KB3","update_percent":5}"#))?.summary
        #expect(line == "KB1 installed · KB2 installed · KB3 installing 5%")
        line = tracker.take(Self.event(#"{"event":"result","kb":"KB3","update_id":"x","result":"failed","hresult":"0x80070643"}"#))?.summary
        #expect(line == "KB1 installed · KB2 installed · KB3 failed")
    }

    @Test("a KB the request did not name changes nothing")
    func unknownKB() {
        var tracker = AgentProgressTracker(kbs: ["KB1"])
        #expect(tracker.take(Self.event(#"{"event":"progress","stage":"download","percent":40,"kb":"KB9"}"#)) == nil)
        #expect(AgentEvent(line: "not json") == nil && AgentEvent(line: #"{"no":"event"}"#) == nil)
    }
}
