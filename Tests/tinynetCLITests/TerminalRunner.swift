#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension CLI {
    /// Runs the binary with its stderr on a pseudo-terminal (raw mode, so the
    /// line discipline adds no carriage returns of its own, `columns` wide) and
    /// returns the exit status and every byte written there. `environment` adds to (or replaces) ours.
    static func runInTerminal(_ arguments: [String], in directory: URL, columns: UInt16 = 100,
                              environment: [String: String] = [:]) throws -> (status: Int32, stderr: String) {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0, let name = terminalName(master) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no pseudo-terminal"])
        }
        defer { close(master) }
        let slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { throw CocoaError(.fileReadUnknown) }
        var settings = termios()
        tcgetattr(slave, &settings)
        cfmakeraw(&settings)
        tcsetattr(slave, TCSANOW, &settings)
        var size = winsize(ws_row: 24, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        do { try process.run() } catch { close(slave); throw error }
        close(slave)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 200)
            if ready > 0 {
                let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if n > 0 { output += buffer[0..<n]; continue }
                break  // EIO: the child closed the terminal
            }
            if ready == 0 && !process.isRunning { break }
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// Unlocks the pseudo-terminal whose master is `master` and returns its slave's path.
private func terminalName(_ master: Int32) -> String? {
    #if os(Linux)
    // grantpt/unlockpt/ptsname are not visible to Swift on glibc; these are the ioctls they use.
    let TIOCSPTLCK: UInt = 0x4004_5431, TIOCGPTN: UInt = 0x8004_5430
    var unlock: Int32 = 0, number: UInt32 = 0
    guard ioctl(master, TIOCSPTLCK, &unlock) == 0, ioctl(master, TIOCGPTN, &number) == 0 else { return nil }
    return "/dev/pts/\(number)"
    #else
    guard grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else { return nil }
    return String(cString: name)
    #endif
}

/// What an SVG file holds, as far as the tests look: parsed with XMLParser.
final class SVGContents: NSObject, XMLParserDelegate {
    /// `data-name` of every `<g class="series">`, in document order.
    var seriesNames: [String] = []
    /// `<rect class="cell">` elements (heat-map cells).
    var cells = 0
    /// Element names seen, to check for scripts, images and links.
    var elements = Set<String>()
    var attributes = Set<String>()
    var text = ""

    /// Parses `url`; nil when the file is not well-formed XML.
    static func parse(_ url: URL) throws -> SVGContents? {
        let contents = SVGContents()
        let parser = XMLParser(data: try Data(contentsOf: url))
        parser.delegate = contents
        return parser.parse() ? contents : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.insert(name)
        self.attributes.formUnion(attributes.keys)
        if name == "g", attributes["class"] == "series" { seriesNames.append(attributes["data-name"] ?? "") }
        if name == "rect", attributes["class"] == "cell" { cells += 1 }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}
