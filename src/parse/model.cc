// Model files; see model.h. Layout: "VIGIEPRS", format version, feature
// version, payload size and checksum (all little-endian), then the payload:
// language, description, tagger table, labels, parser table.
#include "parse/model.h"

#include "parse/bytes.h"

#include <xxhash.h>
#if defined(__x86_64__) || defined(__i386__)
// The checksum reads tens of MB at start-up: libxxhash's dispatcher picks
// the widest vector unit the CPU has (the same hash, a quarter of the
// instructions with AVX2); XXH3_64bits below is its dispatching version.
#include <xxh_x86dispatch.h>
#endif

#include <cstring>
#include <fstream>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace vigie::parse {

namespace {

constexpr char kMagic[8] = {'V', 'I', 'G', 'I', 'E', 'P', 'R', 'S'};

using bytes::Get;
using bytes::GetString;
using bytes::Put;
using bytes::PutString;

Status Damaged(const std::string& name, const std::string& why) {
  return Status(ErrorCode::kBadModel, name + ": " + why);
}

}  // namespace

std::string SerializeModel(const ParseModel& model) {
  std::string payload;
  PutString(&payload, model.lang);
  PutString(&payload, model.about);
  model.tagger.weights().Serialize(&payload);
  Put(&payload, static_cast<uint32_t>(model.parser.labels().size()));
  for (const std::string& l : model.parser.labels()) PutString(&payload, l);
  model.parser.weights().Serialize(&payload);
  std::string out(kMagic, sizeof kMagic);
  Put(&out, kFormatVersion);
  Put(&out, kFeatureVersion);
  Put(&out, static_cast<uint64_t>(payload.size()));
  Put(&out, static_cast<uint64_t>(XXH3_64bits(payload.data(), payload.size())));
  out += payload;
  return out;
}

Status SaveModel(const ParseModel& model, const std::string& path) {
  std::string bytes = SerializeModel(model);
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) return Status(ErrorCode::kIoError, tmp + ": cannot write");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    return Status(ErrorCode::kIoError, path + ": cannot rename " + tmp);
  return Status::Ok();
}

namespace {

// A read-only mapping of a whole file, unmapped with its last user.
struct Mapping {
  const char* data = nullptr;
  size_t size = 0;
  ~Mapping() {
    if (data != nullptr) munmap(const_cast<char*>(data), size);
  }
};

}  // namespace

Result<std::shared_ptr<const ParseModel>> LoadModel(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Damaged(path, "missing (train it with 'vigie train-parser')");
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    close(fd);
    return Damaged(path, "not a regular, non-empty file");
  }
  auto map = std::make_shared<Mapping>();
  map->size = static_cast<size_t>(st.st_size);
  void* p = mmap(nullptr, map->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return Damaged(path, "cannot be mapped");
  map->data = static_cast<const char*>(p);
  return ModelFromMapped(path, std::string_view(map->data, map->size), map);
}

Result<std::shared_ptr<const ParseModel>> ModelFromBytes(const std::string& name, std::string_view in) {
  // Copied into storage aligned for the arrays the tables view.
  auto copy = std::make_shared<std::vector<uint64_t>>((in.size() + 7) / 8);
  if (!in.empty()) std::memcpy(copy->data(), in.data(), in.size());  // an empty vector's data() may be null
  return ModelFromMapped(name, std::string_view(reinterpret_cast<const char*>(copy->data()), in.size()),
                         copy);
}

Result<std::shared_ptr<const ParseModel>> ModelFromMapped(const std::string& name, std::string_view in,
                                                          std::shared_ptr<const void> keep) {
  if (in.size() < sizeof kMagic || std::memcmp(in.data(), kMagic, sizeof kMagic) != 0)
    return Damaged(name, "not a vigie parse model");
  in.remove_prefix(sizeof kMagic);
  uint32_t format = 0, features = 0;
  uint64_t size = 0, checksum = 0;
  if (!Get(&in, &format) || !Get(&in, &features) || !Get(&in, &size) || !Get(&in, &checksum))
    return Damaged(name, "truncated header");
  if (format != kFormatVersion)
    return Damaged(name, "format version " + std::to_string(format) + ", this vigie reads " +
                             std::to_string(kFormatVersion));
  if (features != kFeatureVersion)
    return Damaged(name, "trained with feature version " + std::to_string(features) +
                             ", this vigie computes version " + std::to_string(kFeatureVersion) +
                             ": retrain it");
  if (in.size() != size)
    return Damaged(name, "payload is " + std::to_string(in.size()) + " bytes, header says " +
                             std::to_string(size));
  if (XXH3_64bits(in.data(), in.size()) != checksum) return Damaged(name, "checksum mismatch");
  const char* base = in.data();
  auto model = std::make_shared<ParseModel>();
  WeightTable tagger, parser;
  uint32_t label_count = 0;
  if (!GetString(&in, &model->lang) || !GetString(&in, &model->about) || !tagger.Deserialize(&in, base, keep) ||
      !Get(&in, &label_count) || label_count > 255)
    return Damaged(name, "malformed tagger section");
  std::vector<std::string> labels(label_count);
  for (std::string& l : labels)
    if (!GetString(&in, &l)) return Damaged(name, "malformed label list");
  if (!parser.Deserialize(&in, base, keep) || !in.empty()) return Damaged(name, "malformed parser section");
  if (tagger.classes() != kTagCount) return Damaged(name, "tagger has the wrong number of tags");
  if (parser.classes() != 1 + 2 * label_count)
    return Damaged(name, "parser classes do not match its labels");
  model->tagger = Tagger(std::move(tagger));
  model->parser = Parser(std::move(parser), std::move(labels));
  return std::shared_ptr<const ParseModel>(std::move(model));
}

}  // namespace vigie::parse
