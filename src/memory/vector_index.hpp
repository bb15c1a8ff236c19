// An approximate nearest-neighbour index over unit vectors (a small wrapper
// around hnswlib's HierarchicalNSW with the inner-product space), and its file
// format: a checksummed header and payload, written atomically and verified
// completely before any byte reaches hnswlib. Knows nothing of SQLite.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sq::memory {

// Graph parameters. The defaults are what the server uses, chosen with
// bench/index_bench (figures in bench/README.md): on 100k embedded sentences
// (dimension 256) they give recall@10 0.96 with a median search of 0.8-0.9 ms
// on one core; M=16 needed ef_search 320 for 0.95, and ef_construction 200
// built twice as slowly for +0.01 recall. Uniform random vectors are far
// harder (recall 0.46 at 100k) and are not what the index holds. Recall at a
// fixed ef falls with size: at 1M vectors ef_search 512 gives 0.94.
struct IndexParams {
  std::size_t M = 24;                 // links per node (48 on the bottom layer)
  std::size_t ef_construction = 128;  // candidate list while inserting
  std::size_t ef_search = 256;        // candidate list while searching (raised to k when k is larger)
  std::size_t random_seed = 100;      // level generator; fixed so builds are reproducible
};

// What an index file says about itself (from its verified header).
struct IndexFileInfo {
  std::string embedder;        // identity of the embedder that made the vectors, e.g. "hash-v1/256"
  int dimension = 0;
  std::int64_t watermark = 0;  // highest label (message id) the index was caught up to
  std::int64_t epoch = 0;      // the database's rewrite counter when the index was built
  std::int64_t count = 0;      // live vectors
};

enum class LoadError {
  none,
  missing,      // no file
  corrupt,      // truncated, bit-flipped, malformed or not an index file
  unsupported,  // a format version or layout this build does not read
  io,           // the file exists but could not be read
};

// One hit: the caller's label and the inner product (cosine for unit vectors).
struct IndexHit {
  std::int64_t label = 0;
  float score = 0;
};

class VectorIndex {
 public:
  // An empty index for vectors of `dimension` floats, with room for `capacity`
  // vectors before it first grows.
  explicit VectorIndex(int dimension, const IndexParams& params = {}, std::size_t capacity = 1024);
  ~VectorIndex();
  VectorIndex(const VectorIndex&) = delete;
  VectorIndex& operator=(const VectorIndex&) = delete;

  int dimension() const;
  const IndexParams& params() const;
  std::size_t size() const;      // live vectors
  std::size_t deleted() const;   // slots of removed vectors (hnswlib cannot reuse them)
  std::size_t capacity() const;  // slots before the next growth
  void reserve(std::size_t slots);

  // Adds `vector` (dimension() floats, unit length) under `label`, replacing
  // any earlier vector with that label. Doubles the capacity when full.
  void add(std::int64_t label, const float* vector);
  // Adds many at once, on up to `threads` threads (0: one per core). Labels
  // must be distinct and new to the index; throws std::invalid_argument if not.
  void add_batch(const std::vector<std::int64_t>& labels, const float* vectors, unsigned threads = 0);

  bool contains(std::int64_t label) const;
  // Marks the label's vector deleted; false if the index does not hold it.
  bool remove(std::int64_t label);
  std::vector<std::int64_t> labels() const;  // live labels, in insertion order

  // The `k` nearest live vectors to `query`, best first. `ef` overrides
  // params().ef_search for this call (either is raised to k).
  std::vector<IndexHit> search(const float* query, std::size_t k, std::size_t ef = 0) const;
  // The same by comparing against every live vector: exact, O(size()).
  std::vector<IndexHit> search_exhaustive(const float* query, std::size_t k) const;
  // Adjusts the default search breadth (e.g. from the benchmark).
  void set_ef_search(std::size_t ef);

  // Writes the index to `path` atomically: a temporary file created
  // exclusively beside it (mode 0600), fsync, rename over `path`, fsync of the
  // directory. `info.dimension` and `info.count` are filled in from the index.
  // Throws std::runtime_error with the failing step and errno text.
  void save(const std::string& path, const IndexFileInfo& info) const;

  struct Loaded {
    std::unique_ptr<VectorIndex> index;  // null unless error == none
    IndexFileInfo info;
    LoadError error = LoadError::none;
    std::string message;  // why it failed, for logs and `doctor`
  };
  // Reads and verifies a file written by save(): header, checksum of header
  // and payload, and the graph's structure. Never throws for a bad file; a
  // failed allocation still throws std::bad_alloc. `params.ef_search` applies
  // to the loaded index; M and ef_construction come from the file.
  static Loaded load(const std::string& path, const IndexParams& params = {});

  // Reads only the header (not verified against the payload): cheap, for
  // deciding whether a save would be redundant and for `doctor`.
  static std::optional<IndexFileInfo> peek(const std::string& path);

  // Writes the bare hnswlib file (hnswlib's own saveIndex format, which is the
  // payload of our file), for debugging with other hnswlib tools.
  void export_hnswlib(const std::string& path) const;

 private:
  struct Impl;
  explicit VectorIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Index file format constants (little-endian header, then the payload).
inline constexpr char kIndexMagic[8] = {'S', 'Q', 'H', 'N', 'S', 'W', '\r', '\n'};
inline constexpr std::uint32_t kIndexFormatVersion = 2;  // 1 (SHA-256 checksum) is rebuilt

namespace detail {

// The index file's checksum of `size` bytes (see vector_index.cpp), fed in
// pieces of `piece` bytes (0: all at once); the pieces never change the result.
std::array<std::uint8_t, 32> checksum(const void* data, std::size_t size, std::size_t piece = 0);

}  // namespace detail

}  // namespace sq::memory
