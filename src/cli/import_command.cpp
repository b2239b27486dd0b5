// psoas-atlas import: a folder of model files (BodyParts3D or any other set) becomes an atlas with the
// built-in teaching data carried onto it. The work is in core/atlas_import; this is the command line.
#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "core/atlas.hpp"
#include "core/atlas_import.hpp"
#include "core/errors.hpp"

namespace psoas::cli {

CLI::App* addImportCommand(CLI::App& app, ImportArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "import", "Turn a set of model files (OBJ, STL, glTF, ...) into an atlas with the built-in teaching data on it");
  cmd->add_option("inputs", a.inputs, "Model files or folders of them")->required()->check(fileNameCheck());
  cmd->add_option("--out", a.out, "The atlas JSON to write")->required()->check(fileNameCheck());
  cmd->add_option("--map", a.maps, "FILE=ID: the structure a file holds, where its name does not say (repeatable)");
  cmd->add_option("--missing", a.missing, "Structures the set lacks: builtin (fitted from the built-in atlas) or skip")
      ->check(CLI::IsMember({"builtin", "skip"}));
  cmd->add_flag("--quiet", a.quiet, "Print warnings only");
  return cmd;
}

int runImport(const ImportArgs& a) {
  try {
    ImportOptions o;
    for (auto& i : a.inputs) o.inputs.push_back(i);
    o.out = a.out;
    o.missingBuiltin = a.missing != "skip";
    for (auto& m : a.maps) {
      auto eq = m.rfind('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
        throw UsageError("import: --map expects FILE=ID, got \"" + m + "\"");
      o.maps.push_back({m.substr(0, eq), m.substr(eq + 1)});
    }
    ImportResult r = importAtlas(o);
    // Opened as every command and the window will open it, meshes and all: what only the loaded meshes
    // show (a region that paints nothing on its bone, a mesh of the wrong size) is said now, not later.
    std::vector<std::string> opened = loadAtlas(a.out).warnings;
    for (const std::string& w : opened)
      if (std::find(r.warnings.begin(), r.warnings.end(), w) == r.warnings.end()) r.warnings.push_back(w);
    std::string report = describeImport(r);
    if (a.quiet) {
      for (auto& w : r.warnings) std::cerr << "psoas-atlas: warning: " << w << "\n";
    } else {
      std::cout << report << "wrote " << a.out << " (opened with its meshes: "
                << (opened.empty() ? std::string("no warnings") : std::to_string(opened.size()) + " warning(s), above") << ")\n";
    }
    return kOk;
  } catch (const std::exception& e) {
    return reportError(e);
  }
}

}  // namespace psoas::cli
