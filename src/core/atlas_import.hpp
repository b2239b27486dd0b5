#pragma once
// `psoas-atlas import`: turns a folder of model files (a CT-derived set such as BodyParts3D, in any unit and
// orientation) into an atlas with the built-in teaching data carried onto the new bones. See
// docs/external-atlas.md. The engine knows no structure by name: which file is which structure, which
// landmarks fix the frame and which groups carry points all come from the import table (assets/import.json).
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>
#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/registration.hpp"

namespace psoas {

// A problem with the set of input files as a whole (unmapped names, no femoral heads, mixed units). Names
// the first file concerned; the message lists every file it is about.
struct ImportError : FileError { using FileError::FileError; };

struct ImportOptions {
  std::vector<std::filesystem::path> inputs;  // files or folders (folders: every model file in them)
  std::filesystem::path out;                  // the atlas JSON to write
  std::vector<std::pair<std::string, std::string>> maps;  // --map FILE=ID
  bool missingBuiltin = true;                 // --missing builtin (else skip)
  std::filesystem::path builtinAtlas;         // empty: the installed built-in atlas
  std::filesystem::path table;                // empty: assets/import.json beside the built-in atlas
  std::size_t samples = 2500;                 // surface samples per structure for the registration
};

struct ImportedFile {
  std::filesystem::path file;
  std::string structure;
};

struct ImportResult {
  std::vector<ImportedFile> files;
  Similarity frame;             // file coordinates -> atlas frame (metres)
  std::string unit;             // "millimetres", ... or "" when the scale was not a known unit
  float fittedScale = 0.f;      // the scale the landmark fit gave before it was rounded to the unit
  float headRms[2] = {0, 0};    // femoral head sphere fit residuals, metres
  float headRadius[2] = {0, 0};
  float frameRms = 0.f;         // frame landmarks after the fit vs the built-in ones, metres
  std::map<std::string, float> structureRms;  // per registered structure, metres
  std::vector<std::string> fittedMissing, skippedMissing;
  std::vector<std::string> warnings;
  nlohmann::json atlas;         // what was written
};

// Detects, fits, registers, carries and writes `options.out` (atomically). Throws ImportError, ModelError,
// AtlasError (the built-in data) or OutputError.
ImportResult importAtlas(const ImportOptions& options);

// The human-readable summary `import` prints (scale, axes, offset, residuals, warnings).
std::string describeImport(const ImportResult& result);

// ---- pieces, exposed for tests
struct ImportTable {
  struct Entry {
    std::string id;
    bool paired = false;
    std::vector<std::string> names, idsLeft, idsRight, ids;
  };
  std::vector<Entry> entries;
  std::vector<std::string> leftWords, rightWords;
  std::vector<std::pair<std::string, std::string>> hipCentres;  // landmark, bone
  std::vector<std::string> orientation;
  std::vector<std::string> carrierGroups;
};
ImportTable loadImportTable(const std::filesystem::path& file);
// The structure id a file name stands for, or "" when the table knows none.
std::string matchStructure(const ImportTable& table, const std::string& fileStem);
// Input files (folders expanded, sorted) and their structures; throws ImportError listing every unmapped file.
std::vector<ImportedFile> mapInputFiles(const ImportTable& table, const ImportOptions& options);

// Carrying the built-in teaching and motion data (import_carry.cpp). `carry(p, candidates)` maps a built-in
// point with the map of the nearest of the candidate structures (all carriers when empty); `scaleNear`
// gives the local size change there (for radii).
struct Carrier {
  virtual ~Carrier() = default;
  virtual glm::vec3 carry(const glm::vec3& p, const std::vector<std::string>& candidates) const = 0;
  virtual float scaleNear(const glm::vec3& p, const std::vector<std::string>& candidates) const = 0;
  // A direction at `at` (a joint axis, a wrap cylinder's axis) as the map turns it there: the carried
  // image of a short step along it, unit length. A bone registered turned takes its axes along.
  glm::vec3 turn(const glm::vec3& at, const glm::vec3& dir, const std::vector<std::string>& candidates) const;
};
// The built-in atlas document with its included files merged into it (lists appended, objects joined).
nlohmann::json mergedBuiltinDocument(const std::filesystem::path& atlasFile);
// Moves every point of the merged document (landmarks, region shapes, trigger points, joint centres, wrap
// surfaces, muscle path points) with `carrier`; drops references to `absent` structures (regions painted on
// nothing left, trigger points, paths and label entries of absent structures) and says what it dropped.
void carryDocument(nlohmann::json& doc, const Carrier& carrier, const std::vector<std::string>& absent,
                   std::vector<std::string>& warnings);

}  // namespace psoas
