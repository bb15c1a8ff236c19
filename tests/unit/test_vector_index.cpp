// The HNSW wrapper and its file format: search, growth, deletion, atomic
// saving, and detection of damaged files.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "memory/vector_index.hpp"

namespace fs = std::filesystem;
using sq::memory::IndexFileInfo;
using sq::memory::LoadError;
using sq::memory::VectorIndex;

namespace {

// A private temporary directory, removed with everything in it.
struct TempDir {
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sq-vi-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  fs::path path;
};

std::vector<float> random_unit(std::mt19937& rng, int dim) {
  std::normal_distribution<float> g;
  std::vector<float> v(static_cast<std::size_t>(dim));
  double n = 0;
  for (float& x : v) {
    x = g(rng);
    n += static_cast<double>(x) * x;
  }
  for (float& x : v) x = static_cast<float>(x / std::sqrt(n));
  return v;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// An index of `n` random vectors labelled 1..n.
struct Fixture {
  Fixture(int n, int dim, unsigned seed = 7) : index(dim, sq::memory::IndexParams{}, 8) {
    std::mt19937 rng(seed);
    for (int i = 0; i < n; ++i) {
      vectors.push_back(random_unit(rng, dim));
      index.add(i + 1, vectors.back().data());
    }
  }
  VectorIndex index;
  std::vector<std::vector<float>> vectors;
};

const IndexFileInfo kInfo{"hash-v1/16", 16, 40, 3, 0};

}  // namespace

TEST_CASE("an added vector is its own nearest neighbour") {
  Fixture f(200, 16);
  CHECK(f.index.size() == 200);
  for (int i = 0; i < 200; i += 17) {
    const auto hits = f.index.search(f.vectors[static_cast<std::size_t>(i)].data(), 5);
    REQUIRE(hits.size() == 5);
    CHECK(hits[0].label == i + 1);
    CHECK(hits[0].score == doctest::Approx(1.0).epsilon(1e-4));
    for (std::size_t k = 1; k < hits.size(); ++k) CHECK(hits[k - 1].score >= hits[k].score);
  }
  CHECK(f.index.search(f.vectors[0].data(), 0).empty());
  CHECK(f.index.search(f.vectors[0].data(), 1000).size() == 200);
}

TEST_CASE("the index grows past its initial capacity") {
  std::mt19937 rng(1);
  VectorIndex index(8, {}, 4);
  CHECK(index.capacity() == 4);
  std::vector<std::vector<float>> vs;
  for (int i = 0; i < 100; ++i) {
    vs.push_back(random_unit(rng, 8));
    index.add(1000 + i, vs.back().data());
  }
  CHECK(index.size() == 100);
  CHECK(index.capacity() >= 100);
  CHECK(index.search(vs[99].data(), 1)[0].label == 1099);
  CHECK(index.search(vs[0].data(), 1)[0].label == 1000);
}

TEST_CASE("removed vectors are not returned and a re-added label is replaced") {
  Fixture f(50, 16);
  CHECK(f.index.contains(10));
  CHECK(f.index.remove(10));
  CHECK_FALSE(f.index.remove(10));
  CHECK_FALSE(f.index.contains(10));
  CHECK_FALSE(f.index.remove(9999));
  CHECK(f.index.size() == 49);
  CHECK(f.index.deleted() == 1);
  for (const auto& h : f.index.search(f.vectors[9].data(), 50)) CHECK(h.label != 10);
  for (const auto& h : f.index.search_exhaustive(f.vectors[9].data(), 50)) CHECK(h.label != 10);
  const auto labels = f.index.labels();
  CHECK(std::find(labels.begin(), labels.end(), 10) == labels.end());
  CHECK(labels.size() == 49);

  // Replacing label 20's vector with label 30's: both now answer to it.
  f.index.add(20, f.vectors[29].data());
  const auto hits = f.index.search_exhaustive(f.vectors[29].data(), 2);
  std::set<std::int64_t> got{hits[0].label, hits[1].label};
  CHECK(got == std::set<std::int64_t>{20, 30});
  CHECK(f.index.size() == 49);
  CHECK_THROWS_AS(f.index.add(-1, f.vectors[0].data()), std::invalid_argument);
}

TEST_CASE("batch insertion on several threads finds what sequential insertion finds") {
  std::mt19937 rng(3);
  const int n = 3000, dim = 32;
  std::vector<float> flat;
  std::vector<std::int64_t> labels;
  for (int i = 0; i < n; ++i) {
    const auto v = random_unit(rng, dim);
    flat.insert(flat.end(), v.begin(), v.end());
    labels.push_back(i + 1);
  }
  VectorIndex index(dim, {}, 16);
  index.add_batch(labels, flat.data(), 2);
  CHECK(index.size() == static_cast<std::size_t>(n));
  CHECK_THROWS_AS(index.add_batch({1}, flat.data()), std::invalid_argument);
  VectorIndex other(dim);
  CHECK_THROWS_AS(other.add_batch({5, 5}, flat.data()), std::invalid_argument);

  // Recall@10 against brute force: the graph must be usable, not just fed.
  double found = 0;
  const int queries = 100;
  for (int q = 0; q < queries; ++q) {
    const auto query = random_unit(rng, dim);
    const auto exact = index.search_exhaustive(query.data(), 10);
    const auto approx = index.search(query.data(), 10);
    std::set<std::int64_t> truth;
    for (const auto& h : exact) truth.insert(h.label);
    for (const auto& h : approx) found += truth.count(h.label);
  }
  CHECK(found / (queries * 10) >= 0.9);
}

TEST_CASE("save and load round-trip the graph and the header") {
  TempDir dir;
  Fixture f(300, 16);
  f.index.remove(7);
  const std::string path = dir.file("i.hnsw");
  f.index.save(path, kInfo);

  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  // Nothing but the index is left in the directory.
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);

  auto loaded = VectorIndex::load(path);
  REQUIRE(loaded.error == LoadError::none);
  REQUIRE(loaded.index);
  CHECK(loaded.info.embedder == "hash-v1/16");
  CHECK(loaded.info.dimension == 16);
  CHECK(loaded.info.watermark == 40);
  CHECK(loaded.info.epoch == 3);
  CHECK(loaded.info.count == 299);
  CHECK(loaded.index->size() == 299);
  CHECK(loaded.index->deleted() == 1);
  CHECK_FALSE(loaded.index->contains(7));
  for (int i = 0; i < 300; i += 13) {
    const float* q = f.vectors[static_cast<std::size_t>(i)].data();
    const auto a = f.index.search(q, 10);
    const auto b = loaded.index->search(q, 10);
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) CHECK(a[k].label == b[k].label);
  }
  // The loaded graph keeps growing like a fresh one.
  std::mt19937 rng(99);
  for (int i = 0; i < 100; ++i) loaded.index->add(5000 + i, random_unit(rng, 16).data());
  CHECK(loaded.index->size() == 399);

  const auto peeked = VectorIndex::peek(path);
  REQUIRE(peeked);
  CHECK(peeked->watermark == 40);
  CHECK(peeked->count == 299);
}

TEST_CASE("the payload is exactly hnswlib's own file") {
  TempDir dir;
  Fixture f(120, 16);
  f.index.save(dir.file("ours"), kInfo);
  f.index.export_hnswlib(dir.file("theirs"));
  const std::string ours = read_all(dir.file("ours"));
  const std::string theirs = read_all(dir.file("theirs"));
  REQUIRE(ours.size() > 256);
  CHECK(ours.substr(256) == theirs);
  CHECK(ours.compare(0, 8, std::string(sq::memory::kIndexMagic, 8)) == 0);
}

TEST_CASE("an empty index saves and loads") {
  TempDir dir;
  VectorIndex empty(16);
  empty.save(dir.file("e"), kInfo);
  auto loaded = VectorIndex::load(dir.file("e"));
  REQUIRE(loaded.error == LoadError::none);
  CHECK(loaded.index->size() == 0);
  std::mt19937 rng(5);
  const auto v = random_unit(rng, 16);
  CHECK(loaded.index->search(v.data(), 3).empty());
  loaded.index->add(1, v.data());
  CHECK(loaded.index->search(v.data(), 3).size() == 1);
}

TEST_CASE("missing, empty and foreign files are reported, not crashed on") {
  TempDir dir;
  CHECK(VectorIndex::load(dir.file("nope")).error == LoadError::missing);
  write_all(dir.file("empty"), "");
  CHECK(VectorIndex::load(dir.file("empty")).error == LoadError::corrupt);
  write_all(dir.file("text"), std::string(5000, 'x'));
  CHECK(VectorIndex::load(dir.file("text")).error == LoadError::corrupt);
  // A bare hnswlib file is not ours either.
  Fixture f(20, 16);
  f.index.export_hnswlib(dir.file("bare"));
  CHECK(VectorIndex::load(dir.file("bare")).error == LoadError::corrupt);
  CHECK_FALSE(VectorIndex::peek(dir.file("bare")));
  CHECK_FALSE(VectorIndex::peek(dir.file("nope")));
}

TEST_CASE("truncated files are detected") {
  TempDir dir;
  Fixture f(150, 16);
  const std::string path = dir.file("i");
  f.index.save(path, kInfo);
  const std::string bytes = read_all(path);
  for (std::size_t keep : {std::size_t{0}, std::size_t{10}, std::size_t{255}, std::size_t{256}, std::size_t{300},
                           bytes.size() / 2, bytes.size() - 5, bytes.size() - 1}) {
    CAPTURE(keep);
    write_all(path, bytes.substr(0, keep));
    const auto loaded = VectorIndex::load(path);
    CHECK(loaded.error == LoadError::corrupt);
    CHECK_FALSE(loaded.index);
  }
  // Extra bytes are as wrong as missing ones.
  write_all(path, bytes + "junk");
  CHECK(VectorIndex::load(path).error == LoadError::corrupt);
}

TEST_CASE("every flipped byte is detected") {
  TempDir dir;
  Fixture f(60, 16);
  const std::string path = dir.file("i");
  f.index.save(path, kInfo);
  const std::string bytes = read_all(path);
  int tried = 0;
  for (std::size_t pos = 0; pos < bytes.size(); pos += (pos < 512 ? 1 : 7)) {
    std::string damaged = bytes;
    damaged[pos] = static_cast<char>(damaged[pos] ^ (pos % 2 ? 0x01 : 0x80));
    write_all(path, damaged);
    const auto loaded = VectorIndex::load(path);
    if (loaded.error == LoadError::none) FAIL("undetected flip at byte " << pos);
    CHECK_FALSE(loaded.index);
    ++tried;
  }
  CHECK(tried > 500);
  write_all(path, bytes);
  CHECK(VectorIndex::load(path).error == LoadError::none);
}

TEST_CASE("files of many checksum chunks are verified while they are read") {
  // Over 16 MiB: several 4 MiB chunks, hashed on helper threads as they arrive.
  TempDir dir;
  const int dim = 1024, n = 4200;
  sq::memory::IndexParams cheap;
  cheap.M = 4;
  cheap.ef_construction = 8;
  VectorIndex index(dim, cheap, 16);
  std::mt19937 rng(21);
  std::vector<std::vector<float>> vs;
  for (int i = 0; i < n; ++i) {
    vs.push_back(random_unit(rng, dim));
    index.add(i + 1, vs.back().data());
  }
  const std::string path = dir.file("big");
  index.save(path, IndexFileInfo{"big/1024", dim, n, 0, 0});
  const std::string bytes = read_all(path);
  REQUIRE(bytes.size() > (std::size_t{16} << 20));

  auto loaded = VectorIndex::load(path);
  REQUIRE(loaded.error == LoadError::none);
  CHECK(loaded.index->size() == static_cast<std::size_t>(n));
  CHECK(loaded.index->search_exhaustive(vs[1234].data(), 1)[0].label == 1235);

  for (std::size_t pos : {std::size_t{300}, bytes.size() / 3, (std::size_t{8} << 20) + 5, bytes.size() - 10}) {
    CAPTURE(pos);
    std::string damaged = bytes;
    damaged[pos] = static_cast<char>(damaged[pos] ^ 0x10);
    write_all(path, damaged);
    CHECK(VectorIndex::load(path).error == LoadError::corrupt);
  }
  write_all(path, bytes.substr(0, bytes.size() - 4096));
  CHECK(VectorIndex::load(path).error == LoadError::corrupt);
}

TEST_CASE("saving replaces the old file atomically and fails cleanly") {
  TempDir dir;
  Fixture f(30, 16);
  const std::string path = dir.file("i");
  f.index.save(path, kInfo);
  struct stat before {};
  REQUIRE(::stat(path.c_str(), &before) == 0);
  IndexFileInfo next = kInfo;
  next.watermark = 99;
  f.index.save(path, next);
  struct stat after {};
  REQUIRE(::stat(path.c_str(), &after) == 0);
  CHECK(before.st_ino != after.st_ino);  // a new file was renamed into place
  CHECK(VectorIndex::load(path).info.watermark == 99);
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);

  CHECK_THROWS_AS(f.index.save(dir.file("no/such/dir/i"), kInfo), std::runtime_error);
  CHECK_THROWS_AS(f.index.save(path, IndexFileInfo{"", 16, 0, 0, 0}), std::invalid_argument);
  CHECK_THROWS_AS(f.index.save(path, IndexFileInfo{std::string(200, 'x'), 16, 0, 0, 0}), std::invalid_argument);
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("the file checksum changes with any byte and does not depend on how it is fed") {
  using sq::memory::detail::checksum;
  std::mt19937 rng(11);
  std::string data(3 * 65536 + 77, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{31}, std::size_t{32}, std::size_t{33},
                        std::size_t{1000}, data.size()}) {
    CAPTURE(n);
    const auto whole = checksum(data.data(), n);
    for (std::size_t piece : {1, 7, 32, 4096}) CHECK(checksum(data.data(), n, piece) == whole);
    // Zero bytes appended are not lost in the padding.
    std::string longer(data.data(), n);
    longer.push_back('\0');
    CHECK(checksum(longer.data(), longer.size()) != whole);
  }
  // Every single-byte change anywhere in a buffer changes the checksum.
  std::string small(1000, '\0');
  for (char& c : small) c = static_cast<char>(rng());
  const auto base = checksum(small.data(), small.size());
  int unchanged = 0;
  for (std::size_t i = 0; i < small.size(); ++i) {
    for (unsigned char flip : {0x01, 0x80, 0xFF}) {
      small[i] = static_cast<char>(small[i] ^ flip);
      if (checksum(small.data(), small.size()) == base) ++unchanged;
      small[i] = static_cast<char>(small[i] ^ flip);
    }
  }
  CHECK(unchanged == 0);
  CHECK(checksum(small.data(), small.size()) == base);
}
