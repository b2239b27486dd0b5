// psoas-import-bench: the time `psoas-atlas import` takes on a 20-file set (docs/performance.md). The set is
// the built-in meshes in millimetres, Z up, turned and offset, each triangle split at its centre (three times
// the triangles, as CT-derived files are dense), written as OBJ under BodyParts3D ids and FMA names into a
// temporary folder. Prints the median of --runs imports.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <glm/geometric.hpp>

#include "core/atlas.hpp"
#include "core/atlas_import.hpp"
#include "core/resources.hpp"

namespace fs = std::filesystem;
using namespace psoas;

int main(int argc, char** argv) {
  int runs = argc > 2 && std::string(argv[1]) == "--runs" ? std::max(1, std::atoi(argv[2])) : 3;
  const std::map<std::string, std::string> files = {
      {"FJ3156", "t12"}, {"FJ3157", "l1"}, {"FJ3159", "l2"}, {"FJ3162", "l3"}, {"FJ3165", "l4"}, {"FJ3168", "l5"},
      {"FJ3212", "disc_l1_l2"}, {"FJ3214", "disc_l2_l3"}, {"FJ3215", "disc_l3_l4"}, {"FJ3216", "disc_l4_l5"},
      {"FJ3217", "disc_l5_s1"}, {"FJ3393", "sacrum"}, {"FJ3152", "hip_bone_r"}, {"FJ3288", "hip_bone_l"},
      {"FJ3365", "femur_r"}, {"FJ3259", "femur_l"}, {"FJ1431", "psoas_major_r"}, {"FJ1431M", "psoas_major_l"},
      {"Coccyx", "coccyx"}, {"Intervertebral disc T12-L1", "disc_t12_l1"}};
  fs::path dir = fs::temp_directory_path() / ("import_bench_" + std::to_string(::getpid()));
  fs::create_directories(dir / "out");
  Atlas builtin = loadAtlas(builtinAtlasPath());
  std::size_t triangles = 0;
  for (auto& [name, id] : files) {
    const Mesh& m = *builtin.structures[std::size_t(builtin.findStructure(id))].mesh;
    std::ofstream out(dir / (name + ".obj"));
    auto put = [&](glm::vec3 p) {  // metres, Y up -> millimetres, Z up, -Y anterior, offset
      char buf[96];
      std::snprintf(buf, sizeof buf, "v %.4f %.4f %.4f\n", double(p.x * 1000 + 120), double(-p.z * 1000 - 40),
                    double(p.y * 1000 + 905));
      out << buf;
    };
    for (auto& p : m.positions) put(p);
    auto n = std::uint32_t(m.positions.size());
    for (std::size_t t = 0; t + 2 < m.indices.size(); t += 3) {
      auto a = m.indices[t], b = m.indices[t + 1], c = m.indices[t + 2];
      put((m.positions[a] + m.positions[b] + m.positions[c]) / 3.f);
      out << "f " << a + 1 << ' ' << b + 1 << ' ' << n + 1 << "\nf " << b + 1 << ' ' << c + 1 << ' ' << n + 1 << "\nf "
          << c + 1 << ' ' << a + 1 << ' ' << n + 1 << '\n';
      ++n;
      triangles += 3;
    }
  }
  std::vector<double> ms, cpu;  // wall time, and processor time of all threads (less sensitive to other load)
  ImportResult last;
  for (int r = 0; r < runs; ++r) {
    ImportOptions o;
    o.inputs = {dir};
    o.out = dir / "out" / "bench.json";
    auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    last = importAtlas(o);
    cpu.push_back(1000.0 * double(std::clock() - c0) / CLOCKS_PER_SEC);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("import of %zu files (%zu triangles): median %.0f ms of %d runs (min %.0f, max %.0f), %.0f ms of processor "
              "time (all threads); %s\n", files.size(), triangles, ms[ms.size() / 2], runs, ms.front(), ms.back(),
              cpu[cpu.size() / 2], last.unit.c_str());
  fs::remove_all(dir);
  return 0;
}
