#include "app/lod_builder.hpp"

#include <chrono>

namespace psoas {

void LodBuilder::startIfWanted(const Atlas& atlas) {
  if (!pending_ || future_.valid()) return;
  pending_ = false;
  // Only for the structures that have none yet (structures are only ever appended).
  std::vector<std::shared_ptr<const Mesh>> meshes;
  for (std::size_t i = careful_; i < atlas.structures.size(); ++i) meshes.push_back(atlas.structures[i].mesh);
  buildGeneration_ = generation_;
  first_ = careful_;
  future_ = std::async(std::launch::async, [meshes] {
    LodTable out;
    for (const auto& m : meshes) out.push_back(m ? std::make_shared<const std::vector<MeshLod>>(simplifiedLevels(*m)) : nullptr);
    return out;
  });
}

bool LodBuilder::collect(LodTable& table) {
  if (!future_.valid() || future_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
  LodTable lods = future_.get();
  if (buildGeneration_ != generation_) return false;  // built for an atlas that has been replaced
  if (table.size() < first_ + lods.size()) table.resize(first_ + lods.size());
  for (std::size_t k = 0; k < lods.size(); ++k)
    if (lods[k]) table[first_ + k] = lods[k];
  careful_ = first_ + lods.size();
  return true;
}

}  // namespace psoas
