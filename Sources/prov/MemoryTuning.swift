#if canImport(Glibc)
import Glibc
#endif

/// How prov asks the C allocator to manage memory. A plan of thousands of resources builds
/// megabytes of values and text, mostly on worker threads; with glibc's defaults each large
/// buffer is its own mapping, returned to the system when freed and faulted in again, page by
/// page, when the next is made, and each thread's heap grows a page range at a time. Keeping
/// large buffers in the heap and growing it in bigger steps cuts the page faults of a 10,000
/// resource plan by about a third; the memory is returned when the process ends moments later.
enum MemoryTuning {
    static func apply() {
        #if canImport(Glibc)
        // mallopt is declared in malloc.h, which the Glibc module leaves out; its parameter
        // numbers are part of glibc's ABI.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let (trimThreshold, topPad, mmapThreshold): (Int32, Int32, Int32) = (-1, -2, -3)
        let megabyte: Int32 = 1 << 20
        _ = mallopt(mmapThreshold, 64 * megabyte)
        _ = mallopt(topPad, 16 * megabyte)
        _ = mallopt(trimThreshold, 128 * megabyte)
        #endif
    }
}
