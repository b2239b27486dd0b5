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

}  // namespace psoas
