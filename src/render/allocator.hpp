#pragma once

namespace psoas {

// A software GL driver (llvmpipe) mallocs and frees its vertex and binning buffers every draw. With
// glibc's defaults big blocks are mapped and unmapped each time, and the freed top of the heap goes back
// to the kernel, so every frame faults the same pages in again: a full-detail 1280x720 frame took 103
// instead of 80 ms. For programs that draw many frames; call once, before any GL work.
void keepFreedMemoryForReuse();
// Gives memory freed so far back to the kernel: after loading, Assimp's working memory is free but
// would stay in the heap; a one-shot render then peaks that much lower.
void returnFreedMemory();

// Asks glibc (2.35 and later) to back the heap with transparent huge pages, which it reads only from the
// environment at start-up: sets glibc.malloc.hugetlb=1 in GLIBC_TUNABLES and executes the program again,
// once. On this VM every first touch of a 4 KiB page costs several microseconds; with 2 MiB pages a
// 25 MB OBJ figure took 0.98 instead of 1.55 s and the viewer's first frame came 200 ms sooner. Does
// nothing if the tunable is set already (by us or by the user), under valgrind (its tools would lose
// the process), or if PSOAS_NO_REEXEC is set. Call first thing in main; returns if it did nothing.
void preferHugePages(char** argv);

}  // namespace psoas
