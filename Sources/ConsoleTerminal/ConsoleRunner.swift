import CCurses
import Console
import Dispatch
import Foundation
import PatchbayCore

/// Runs the console on a thread of its own, the only one that touches curses. It waits in poll() on the
/// keyboard and a wake-up pipe; background work (logins, data loads) posts its results to the inbox.
public enum ConsoleRunner {
    /// Carries out an effect off the curses thread and returns the event that reports its outcome; `progress`
    /// posts events on the way (e.g. "password accepted, reading the patch status").
    public typealias EffectHandler = @Sendable (_ effect: ConsoleApp.Effect, _ progress: @escaping @Sendable (ConsoleApp.Event) -> Void) async
        -> ConsoleApp.Event?

    /// `themes`: what F8 cycles through, starting with the first; a terminal without colours gets `mono` only.
    public static func run(header: LoginScreen.Header, language: Language, themes: [Theme], mono: Theme, staleAfterDays: Int, idleMinutes: Int,
                           handle: @escaping EffectHandler) async throws {
        let inbox = try EventInbox()
        // Before the terminal is touched: a signal at any moment from here on ends the loop and restores it.
        // SIGHUP is the SSH connection going away.
        let signals = try SignalCatcher([SIGTERM, SIGHUP, SIGINT])
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try loop(header: header, language: language, themes: themes, mono: mono, staleAfterDays: staleAfterDays, idleMinutes: idleMinutes,
                             inbox: inbox, signals: signals, handle: handle)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "patchbay-curses"
            thread.start()
        }
    }

    private static func loop(header: LoginScreen.Header, language: Language, themes: [Theme], mono: Theme, staleAfterDays: Int, idleMinutes: Int,
                             inbox: EventInbox, signals: SignalCatcher, handle: @escaping EffectHandler) throws {
        if signals.received != nil { return }
        let screen = try CursesScreen(theme: themes.first ?? mono)
        defer { screen.restore() }
        let themes = screen.hasColors && !themes.isEmpty ? themes : [mono]
        if themes.count == 1 { screen.apply(themes[0]) }
        let size = screen.size
        var app = ConsoleApp(header: header, language: language, width: size.width, height: size.height, staleAfterDays: staleAfterDays,
                             idleMinutes: idleMinutes)
        app.themes = themes.map(\.name)
        app.theme = themes[0].name
        screen.draw(ConsoleApp.render(app))
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: inbox.readFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: signals.readFD, events: Int16(POLLIN), revents: 0)]
        var lastTick = Date()
        while signals.received == nil {
            _ = poll(&fds, 3, 1000)
            if signals.received != nil { break }
            if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 { break } // the SSH connection is gone
            var events: [ConsoleApp.Event] = inbox.drain()
            var resized = false
            while let key = screen.nextKey(resized: &resized) {
                if let key { events.append(.key(key)) }
            }
            if resized {
                let size = screen.size
                events.append(.resize(width: size.width, height: size.height))
            }
            if Date().timeIntervalSince(lastTick) >= 1 {
                lastTick = Date()
                events.append(.tick)
            }
            var quit = false
            // A tick redraws only when it changed something that shows (it ended the session, say).
            var redraw = events.contains { $0 != .tick }
            app.now = Date()
            for event in events {
                let (next, effects) = ConsoleApp.update(app, event)
                if event == .tick && next.user != app.user { redraw = true }
                app = next
                for effect in effects {
                    if effect == .quit { quit = true; continue }
                    Task { if let result = await handle(effect, { inbox.post($0) }) { inbox.post(result) } }
                }
            }
            if quit { break }
            if app.theme != screen.themeName, let theme = themes.first(where: { $0.name == app.theme }) { screen.apply(theme) }
            if redraw {
                if resized { erase() } // a new size invalidates what ncurses believes is on the screen
                screen.draw(ConsoleApp.render(app))
            }
        }
    }
}
