// HNSW wrapper and index file format: see vector_index.hpp.
//
// File layout (all header integers little-endian):
//
//   0   8   magic "SQHNSW\r\n"
//   8   4   format version (1)
//   12  4   header size (256)
//   16  4   dimension
//   20  4   M
//   24  4   ef_construction
//   28  4   checksum chunk size (bytes, a power of two)
//   32  8   watermark            40  8   epoch
//   48  8   live vectors         56  8   graph slots (live + deleted)
//   64  8   payload size         72  2   embedder identity length
//   74  6   zero                 80  128 embedder identity, zero padded
//   208 16  zero                 224 32  checksum
//   256 ... payload: exactly what hnswlib 0.6.2's saveIndex writes (native
//           layout): 96 bytes of graph fields, the level-0 block, then
//           per slot a u32 size and that many bytes of upper-level links.
//
// checksum = C(header bytes 0..224 || D0 || D1 || ...), where Di is C of the
// i-th chunk of the payload and C is the lane checksum below. Chunks are
// checked in parallel. Format 1 used SHA-256 for C; such files are rebuilt.
//
// Speed: distances use AVX2/FMA when the CPU has them (hnswlib picks its own
// at compile time, and distribution builds target baseline x86-64); the
// level-0 block asks for transparent huge pages; loading checks chunks on
// helper threads while later chunks are still being read.
//
// This is the only translation unit that includes hnswlib: its header defines
// non-inline functions, so a second includer would not link.
#include "memory/vector_index.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <hnswlib/hnswlib.h>

#include "util/ids.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define SQ_X86 1  // AVX2 may be used, after a run-time check
#endif

namespace sq::memory {

namespace {

using Graph = hnswlib::HierarchicalNSW<float>;
using Digest = std::array<std::uint8_t, 32>;

constexpr std::size_t kHeaderSize = 256;
constexpr std::size_t kChecksumOffset = 224;
constexpr std::size_t kIdentityOffset = 80;
constexpr std::size_t kIdentityMax = 128;
constexpr std::size_t kChunkSize = std::size_t{4} << 20;
// The graph fields hnswlib writes before the level-0 block (96 bytes on 64-bit
// systems; the payload is in native layout, so a file from another kind of
// machine fails validation and is rebuilt).
constexpr std::size_t kGraphFieldsSize = 6 * sizeof(std::size_t) + sizeof(int) + sizeof(hnswlib::tableint) +
                                         3 * sizeof(std::size_t) + sizeof(double) + sizeof(std::size_t);

// ---- the file checksum ---------------------------------------------------------

// A 256-bit checksum that finds damaged or half-written files; it is not meant
// to resist someone forging a file (the graph is verified after loading anyway,
// so a forged file cannot make a search read outside the index). Four
// independent 64-bit lanes each take every fourth 8-byte word:
//   lane = rotl(lane + word * kMulIn, 31) * kMulOut
// Both multipliers are odd, so each step is a bijection of the lane for a
// given word and of the word for a given lane: changing any one word always
// changes the result. The tail is zero-padded, and the length is mixed into
// every lane at the end. Several times faster than SHA-256, which made up
// most of the time to load a large index.
class LaneChecksum {
 public:
  void update(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    total_ += size;
    if (buffered_ > 0) {
      const std::size_t take = std::min(size, kBlock - buffered_);
      std::memcpy(buffer_ + buffered_, p, take);
      buffered_ += take;
      p += take;
      size -= take;
      if (buffered_ < kBlock) return;
      absorb(buffer_);
      buffered_ = 0;
    }
    for (; size >= kBlock; p += kBlock, size -= kBlock) absorb(p);
    std::memcpy(buffer_, p, size);
    buffered_ = size;
  }

  std::array<std::uint8_t, 32> finish() {
    if (buffered_ > 0) {
      std::memset(buffer_ + buffered_, 0, kBlock - buffered_);
      absorb(buffer_);
    }
    std::array<std::uint8_t, 32> out{};
    for (int i = 0; i < 4; ++i) {
      std::uint64_t x = lanes_[i] ^ (total_ * kMulOut + static_cast<std::uint64_t>(i));
      x ^= x >> 33;  // every output bit depends on every bit of the lane
      x *= 0xff51afd7ed558ccdULL;
      x ^= x >> 33;
      x *= 0xc4ceb9fe1a85ec53ULL;
      x ^= x >> 33;
      for (int b = 0; b < 8; ++b) out[static_cast<std::size_t>(8 * i + b)] = static_cast<std::uint8_t>(x >> (8 * b));
    }
    return out;
  }

 private:
  static constexpr std::size_t kBlock = 32;
  static constexpr std::uint64_t kMulIn = 0xc2b2ae3d27d4eb4fULL;
  static constexpr std::uint64_t kMulOut = 0x9e3779b185ebca87ULL;

  void absorb(const std::uint8_t* block) {
    for (int i = 0; i < 4; ++i) {
      std::uint64_t w = 0;
      std::memcpy(&w, block + 8 * i, 8);
      const std::uint64_t x = lanes_[i] + w * kMulIn;
      lanes_[i] = ((x << 31) | (x >> 33)) * kMulOut;
    }
  }

  std::uint64_t lanes_[4] = {0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL,
                             0x082efa98ec4e6c89ULL};
  std::uint8_t buffer_[kBlock] = {};
  std::size_t buffered_ = 0;
  std::uint64_t total_ = 0;
};

// A contiguous piece of the payload.
struct Span {
  const std::uint8_t* data;
  std::size_t size;
};

// Feeds bytes [offset, offset + length) of the concatenated spans to `hasher`.
template <typename Hasher>
void feed_range(Hasher& hasher, const std::vector<Span>& spans, std::size_t offset, std::size_t length) {
  for (const Span& s : spans) {
    if (length == 0) return;
    if (offset >= s.size) {
      offset -= s.size;
      continue;
    }
    const std::size_t take = std::min(length, s.size - offset);
    hasher.update(s.data + offset, take);
    length -= take;
    offset = 0;
  }
}

template <typename Hasher>
Digest hash_range(const std::vector<Span>& spans, std::size_t offset, std::size_t length) {
  Hasher h;
  feed_range(h, spans, offset, length);
  return h.finish();
}

Digest range_digest(const std::vector<Span>& spans, std::size_t offset, std::size_t length) {
  return hash_range<LaneChecksum>(spans, offset, length);
}

// The file checksum: see the layout comment at the top.
Digest file_checksum(const std::uint8_t* header, const std::vector<Span>& payload, std::size_t chunk) {
  std::size_t total = 0;
  for (const Span& s : payload) total += s.size;
  const std::size_t chunks = (total + chunk - 1) / chunk;
  std::vector<Digest> digests(chunks);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < chunks; i = next++) {
      const std::size_t offset = i * chunk;
      digests[i] = range_digest(payload, offset, std::min(chunk, total - offset));
    }
  };
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t helpers = chunks >= 4 ? std::min<std::size_t>({cores, chunks, 8}) - 1 : 0;
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < helpers; ++t) {
    try {
      threads.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads: this one does the rest
    }
  }
  work();
  for (auto& t : threads) t.join();

  std::vector<Span> summary{{header, kChecksumOffset}};
  for (const Digest& d : digests) summary.push_back({d.data(), d.size()});
  std::size_t summary_size = 0;
  for (const Span& s : summary) summary_size += s.size;
  return range_digest(summary, 0, summary_size);
}

// ---- little-endian header fields ---------------------------------------------

void put_u16(std::uint8_t* p, std::uint16_t v) {
  for (int i = 0; i < 2; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put_u32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put_u64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint16_t get_u16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
std::uint32_t get_u32(const std::uint8_t* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
std::uint64_t get_u64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// Everything the header holds, decoded.
struct Header {
  std::uint32_t version = 0;
  std::uint32_t header_size = 0;
  std::uint32_t dimension = 0;
  std::uint32_t m = 0;
  std::uint32_t ef_construction = 0;
  std::uint32_t chunk_size = 0;
  std::int64_t watermark = 0;
  std::int64_t epoch = 0;
  std::uint64_t live = 0;
  std::uint64_t slots = 0;
  std::uint64_t payload_size = 0;
  std::string embedder;
  Digest checksum{};
};

void encode_header(const Header& h, std::uint8_t* out) {
  std::memset(out, 0, kHeaderSize);
  std::memcpy(out, kIndexMagic, sizeof(kIndexMagic));
  put_u32(out + 8, h.version);
  put_u32(out + 12, h.header_size);
  put_u32(out + 16, h.dimension);
  put_u32(out + 20, h.m);
  put_u32(out + 24, h.ef_construction);
  put_u32(out + 28, h.chunk_size);
  put_u64(out + 32, static_cast<std::uint64_t>(h.watermark));
  put_u64(out + 40, static_cast<std::uint64_t>(h.epoch));
  put_u64(out + 48, h.live);
  put_u64(out + 56, h.slots);
  put_u64(out + 64, h.payload_size);
  put_u16(out + 72, static_cast<std::uint16_t>(h.embedder.size()));
  std::memcpy(out + kIdentityOffset, h.embedder.data(), h.embedder.size());
  std::memcpy(out + kChecksumOffset, h.checksum.data(), h.checksum.size());
}

// Decodes and checks what can be checked without the payload. Returns an
// error message, or "" when the header is sound.
std::string decode_header(const std::uint8_t* in, Header& h, LoadError& kind) {
  kind = LoadError::corrupt;
  if (std::memcmp(in, kIndexMagic, sizeof(kIndexMagic)) != 0) return "not an index file (bad magic)";
  h.version = get_u32(in + 8);
  h.header_size = get_u32(in + 12);
  if (h.version != kIndexFormatVersion || h.header_size != kHeaderSize) {
    kind = LoadError::unsupported;
    return fmt::format("unsupported index format version {} (header {} bytes)", h.version, h.header_size);
  }
  h.dimension = get_u32(in + 16);
  h.m = get_u32(in + 20);
  h.ef_construction = get_u32(in + 24);
  h.chunk_size = get_u32(in + 28);
  h.watermark = static_cast<std::int64_t>(get_u64(in + 32));
  h.epoch = static_cast<std::int64_t>(get_u64(in + 40));
  h.live = get_u64(in + 48);
  h.slots = get_u64(in + 56);
  h.payload_size = get_u64(in + 64);
  const std::size_t identity_len = get_u16(in + 72);
  std::memcpy(h.checksum.data(), in + kChecksumOffset, h.checksum.size());
  if (h.dimension < 1 || h.dimension > 65536) return "bad dimension";
  if (h.m < 2 || h.m > 1024) return "bad M";
  if (h.ef_construction < 1 || h.ef_construction > (1U << 20)) return "bad ef_construction";
  if (h.chunk_size < (1U << 16) || h.chunk_size > (1U << 28) || (h.chunk_size & (h.chunk_size - 1)) != 0) {
    return "bad checksum chunk size";
  }
  if (h.watermark < 0 || h.epoch < 0) return "bad watermark or epoch";
  if (h.live > h.slots || h.slots > std::numeric_limits<std::uint32_t>::max() - 1) return "bad counts";
  if (identity_len == 0 || identity_len > kIdentityMax) return "bad embedder identity";
  h.embedder.assign(reinterpret_cast<const char*>(in + kIdentityOffset), identity_len);
  for (std::size_t i = kIdentityOffset + identity_len; i < kChecksumOffset; ++i) {
    if (in[i] != 0) return "non-zero padding in header";
  }
  for (std::size_t i = 74; i < kIdentityOffset; ++i) {
    if (in[i] != 0) return "non-zero padding in header";
  }
  return "";
}

// ---- the graph fields in front of the level-0 block -------------------------

struct GraphFields {
  std::size_t offset_level0 = 0, max_elements = 0, elements = 0, size_per_element = 0, label_offset = 0,
              offset_data = 0;
  int max_level = 0;
  hnswlib::tableint entry_point = 0;
  std::size_t max_m = 0, max_m0 = 0, m = 0;
  double mult = 0;
  std::size_t ef_construction = 0;
};

template <typename T>
void put_native(std::uint8_t*& p, const T& v) {
  std::memcpy(p, &v, sizeof(T));
  p += sizeof(T);
}
template <typename T>
void get_native(const std::uint8_t*& p, T& v) {
  std::memcpy(&v, p, sizeof(T));
  p += sizeof(T);
}

// Same order and types as hnswlib 0.6.2's saveIndex.
std::array<std::uint8_t, kGraphFieldsSize> encode_fields(const Graph& g) {
  std::array<std::uint8_t, kGraphFieldsSize> out{};
  std::uint8_t* p = out.data();
  put_native(p, g.offsetLevel0_);
  put_native(p, g.max_elements_);
  put_native(p, g.cur_element_count);
  put_native(p, g.size_data_per_element_);
  put_native(p, g.label_offset_);
  put_native(p, g.offsetData_);
  put_native(p, g.maxlevel_);
  put_native(p, g.enterpoint_node_);
  put_native(p, g.maxM_);
  put_native(p, g.maxM0_);
  put_native(p, g.M_);
  put_native(p, g.mult_);
  put_native(p, g.ef_construction_);
  return out;
}

GraphFields decode_fields(const std::uint8_t* in) {
  GraphFields f;
  const std::uint8_t* p = in;
  get_native(p, f.offset_level0);
  get_native(p, f.max_elements);
  get_native(p, f.elements);
  get_native(p, f.size_per_element);
  get_native(p, f.label_offset);
  get_native(p, f.offset_data);
  get_native(p, f.max_level);
  get_native(p, f.entry_point);
  get_native(p, f.max_m);
  get_native(p, f.max_m0);
  get_native(p, f.m);
  get_native(p, f.mult);
  get_native(p, f.ef_construction);
  return f;
}

// ---- file helpers ------------------------------------------------------------

std::string errno_text(int err) { return std::strerror(err); }

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now and reports the error (close can report delayed write errors).
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// Reads exactly `size` bytes; false on a short file or an error (errno set).
bool read_exact(int fd, void* out, std::size_t size) {
  auto* p = static_cast<std::uint8_t*>(out);
  while (size > 0) {
    const ssize_t n = ::read(fd, p, std::min<std::size_t>(size, std::size_t{1} << 30));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = 0;
      return false;
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void write_exact(int fd, const void* data, std::size_t size, const std::string& path) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, std::min<std::size_t>(size, std::size_t{1} << 30));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(fmt::format("cannot write {}: {}", path, errno_text(errno)));
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Creates a fresh temporary file beside `path` (O_EXCL, mode 0600).
int create_temp_beside(const std::string& path, std::string& temp_path) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    temp_path = fmt::format("{}.tmp-{}-{}", path, ::getpid(), util::random_hex(6));
    const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    if (errno != EEXIST) {
      throw std::runtime_error(fmt::format("cannot create {}: {}", temp_path, errno_text(errno)));
    }
  }
  throw std::runtime_error(fmt::format("cannot create a temporary file beside {}", path));
}

// Reads the payload bytes [offset, size) from `fd` into the spans, and
// returns the file checksum. Chunks are hashed on other threads while later
// ones are still being read. `offset` bytes at the front were read already.
// Returns nullopt (errno set) if the file ends early or cannot be read.
std::optional<Digest> read_and_checksum(int fd, const std::uint8_t* header, const std::vector<Span>& payload,
                                        std::size_t offset, std::size_t chunk) {
  std::size_t total = 0;
  for (const Span& s : payload) total += s.size;
  const std::size_t chunks = (total + chunk - 1) / chunk;
  std::vector<Digest> digests(chunks);

  std::mutex mutex;
  std::condition_variable cv;
  std::size_t ready = 0;  // chunks completely read
  std::size_t next = 0;   // next chunk to hash
  bool failed = false;
  auto hash_ready_chunks = [&] {
    for (;;) {
      std::size_t j = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait(lock, [&] { return failed || next < ready || next >= chunks; });
        if (failed || next >= chunks) return;
        j = next++;
      }
      digests[j] = range_digest(payload, j * chunk, std::min(chunk, total - j * chunk));
    }
  };
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t helpers = chunks >= 4 ? std::min<std::size_t>({cores, chunks, 8}) - 1 : 0;
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < helpers; ++t) {
    try {
      threads.emplace_back(hash_ready_chunks);
    } catch (const std::system_error&) {
      break;
    }
  }

  int read_errno = 0;
  std::size_t pos = offset;
  {
    std::lock_guard<std::mutex> lock(mutex);
    ready = pos >= total ? chunks : pos / chunk;  // all of it may have been read already
  }
  while (pos < total) {
    const std::size_t end = std::min(total, (pos / chunk + 1) * chunk);
    // Read [pos, end) into whichever spans it covers.
    std::size_t base = 0;
    bool ok = true;
    for (const Span& s : payload) {
      const std::size_t lo = std::max(pos, base), hi = std::min(end, base + s.size);
      if (lo < hi && !read_exact(fd, const_cast<std::uint8_t*>(s.data) + (lo - base), hi - lo)) {
        ok = false;
        break;
      }
      base += s.size;
    }
    if (!ok) {
      read_errno = errno;
      break;
    }
    pos = end;
    {
      std::lock_guard<std::mutex> lock(mutex);
      ready = pos == total ? chunks : pos / chunk;
    }
    cv.notify_all();
  }
  if (pos < total) {
    std::lock_guard<std::mutex> lock(mutex);
    failed = true;
  }
  cv.notify_all();
  hash_ready_chunks();
  for (auto& t : threads) t.join();
  if (failed) {
    errno = read_errno;
    return std::nullopt;
  }

  std::vector<Span> summary{{header, kChecksumOffset}};
  for (const Digest& d : digests) summary.push_back({d.data(), d.size()});
  return range_digest(summary, 0, kChecksumOffset + 32 * digests.size());
}

// Asks for transparent huge pages on the graph's level-0 block, where every
// search and insertion hops around: fewer page faults while it fills, fewer
// TLB misses later. Advisory only.
void advise_huge_pages(Graph& g) {
#ifdef MADV_HUGEPAGE
  const std::size_t bytes = g.max_elements_ * g.size_data_per_element_;
  if (bytes < (std::size_t{8} << 20)) return;
  const std::uintptr_t page = 4096;
  const auto first = reinterpret_cast<std::uintptr_t>(g.data_level0_memory_);
  const std::uintptr_t begin = (first + page - 1) & ~(page - 1);
  const std::uintptr_t end = (first + bytes) & ~(page - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)g;
#endif
}

void grow(Graph& g, std::size_t slots) {
  g.resizeIndex(slots);
  advise_huge_pages(g);
}

void fsync_directory_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(fmt::format("cannot open directory {}: {}", dir, errno_text(errno)));
  Fd guard(fd);
  // Some file systems cannot sync a directory (EINVAL); the rename stands anyway.
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
    throw std::runtime_error(fmt::format("cannot sync directory {}: {}", dir, errno_text(errno)));
  }
}

}  // namespace

// ---- detail --------------------------------------------------------------------

namespace detail {

std::array<std::uint8_t, 32> checksum(const void* data, std::size_t size, std::size_t piece) {
  LaneChecksum c;
  const auto* p = static_cast<const std::uint8_t*>(data);
  if (piece == 0) piece = size == 0 ? 1 : size;
  for (std::size_t done = 0; done < size; done += piece) c.update(p + done, std::min(piece, size - done));
  return c.finish();
}

}  // namespace detail

// ---- the inner-product space -----------------------------------------------------

namespace {

#ifdef SQ_X86
// 1 - <a, b> with AVX2 and FMA: four independent 8-wide sums per 32 floats.
__attribute__((target("avx2,fma"))) float inner_product_distance_avx2(const void* a, const void* b,
                                                                     const void* param) {
  const std::size_t n = *static_cast<const std::size_t*>(param);
  const auto* x = static_cast<const float*>(a);
  const auto* y = static_cast<const float*>(b);
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), s0);
    s1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8), s1);
    s2 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 16), _mm256_loadu_ps(y + i + 16), s2);
    s3 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 24), _mm256_loadu_ps(y + i + 24), s3);
  }
  for (; i + 8 <= n; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), s0);
  const __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
  __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
  h = _mm_add_ps(h, _mm_movehl_ps(h, h));
  h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 0x55));
  float sum = _mm_cvtss_f32(h);
  for (; i < n; ++i) sum += x[i] * y[i];
  return 1.0f - sum;
}

bool cpu_has_avx2_fma() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

// hnswlib's inner-product space (distance 1 - <a, b>), with the distance
// function picked at run time: hnswlib's own choice is fixed at compile time
// and distribution builds target baseline x86-64 (SSE2 only).
class InnerProductSpace final : public hnswlib::SpaceInterface<float> {
 public:
  explicit InnerProductSpace(std::size_t dim) : dim_(dim), stock_(dim) {
    distance_ = stock_.get_dist_func();
#ifdef SQ_X86
    static const bool avx2 = cpu_has_avx2_fma();
    if (avx2 && dim >= 8) distance_ = inner_product_distance_avx2;
#endif
  }
  std::size_t get_data_size() override { return dim_ * sizeof(float); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return distance_; }
  void* get_dist_func_param() override { return &dim_; }

 private:
  std::size_t dim_;
  hnswlib::InnerProductSpace stock_;
  hnswlib::DISTFUNC<float> distance_;
};

}  // namespace

// ---- VectorIndex ---------------------------------------------------------------

struct VectorIndex::Impl {
  Impl(int dimension, const IndexParams& p, std::size_t capacity, std::size_t m, std::size_t ef_construction)
      : dim(dimension), params(p), space(static_cast<std::size_t>(dimension)) {
    params.M = m;
    params.ef_construction = ef_construction;
    graph = std::make_unique<Graph>(&space, std::max<std::size_t>(capacity, 1), m, ef_construction,
                                    p.random_seed);
    advise_huge_pages(*graph);
  }

  int dim;
  IndexParams params;
  InnerProductSpace space;  // must outlive the graph, which points into it
  std::unique_ptr<Graph> graph;
};

namespace {

void check_params(int dimension, const IndexParams& params) {
  if (dimension < 1 || dimension > 65536) {
    throw std::invalid_argument(fmt::format("index dimension must be between 1 and 65536, not {}", dimension));
  }
  if (params.M < 2 || params.M > 1024) throw std::invalid_argument("index M must be between 2 and 1024");
  if (params.ef_construction < 1) throw std::invalid_argument("index ef_construction must be positive");
}

}  // namespace

VectorIndex::VectorIndex(int dimension, const IndexParams& params, std::size_t capacity) {
  check_params(dimension, params);
  impl_ = std::make_unique<Impl>(dimension, params, capacity, params.M, params.ef_construction);
}

VectorIndex::VectorIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

VectorIndex::~VectorIndex() = default;

int VectorIndex::dimension() const { return impl_->dim; }
const IndexParams& VectorIndex::params() const { return impl_->params; }
std::size_t VectorIndex::size() const { return impl_->graph->cur_element_count - impl_->graph->num_deleted_; }
std::size_t VectorIndex::deleted() const { return impl_->graph->num_deleted_; }
std::size_t VectorIndex::capacity() const { return impl_->graph->max_elements_; }

void VectorIndex::reserve(std::size_t slots) {
  if (slots > impl_->graph->max_elements_) grow(*impl_->graph, slots);
}

void VectorIndex::add(std::int64_t label, const float* vector) {
  if (label < 0) throw std::invalid_argument("index labels must not be negative");
  Graph& g = *impl_->graph;
  const auto key = static_cast<hnswlib::labeltype>(label);
  if (g.cur_element_count >= g.max_elements_ && g.label_lookup_.find(key) == g.label_lookup_.end()) {
    grow(g, std::max<std::size_t>(g.max_elements_ * 2, 16));
  }
  g.addPoint(vector, key);
}

void VectorIndex::add_batch(const std::vector<std::int64_t>& labels, const float* vectors, unsigned threads) {
  if (labels.empty()) return;
  std::vector<std::int64_t> sorted(labels);
  std::sort(sorted.begin(), sorted.end());
  if (sorted.front() < 0) throw std::invalid_argument("index labels must not be negative");
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    throw std::invalid_argument("add_batch: labels must be distinct");
  }
  Graph& g = *impl_->graph;
  for (std::int64_t label : labels) {
    if (g.label_lookup_.count(static_cast<hnswlib::labeltype>(label)) != 0) {
      throw std::invalid_argument(fmt::format("add_batch: label {} is already in the index", label));
    }
  }
  const std::size_t needed = g.cur_element_count + labels.size();
  if (needed > g.max_elements_) grow(g, std::max(needed, g.max_elements_ * 2));

  const std::size_t dim = static_cast<std::size_t>(impl_->dim);
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  if (threads <= 1 || labels.size() < 512) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      g.addPoint(vectors + i * dim, static_cast<hnswlib::labeltype>(labels[i]));
    }
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      for (std::size_t i = next++; i < labels.size(); i = next++) {
        g.addPoint(vectors + i * dim, static_cast<hnswlib::labeltype>(labels[i]));
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = labels.size();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

bool VectorIndex::contains(std::int64_t label) const {
  const Graph& g = *impl_->graph;
  auto it = g.label_lookup_.find(static_cast<hnswlib::labeltype>(label));
  return it != g.label_lookup_.end() && !g.isMarkedDeleted(it->second);
}

bool VectorIndex::remove(std::int64_t label) {
  if (!contains(label)) return false;
  impl_->graph->markDelete(static_cast<hnswlib::labeltype>(label));
  return true;
}

std::vector<std::int64_t> VectorIndex::labels() const {
  const Graph& g = *impl_->graph;
  std::vector<std::int64_t> out;
  out.reserve(size());
  for (hnswlib::tableint i = 0; i < g.cur_element_count; ++i) {
    if (!g.isMarkedDeleted(i)) out.push_back(static_cast<std::int64_t>(g.getExternalLabel(i)));
  }
  return out;
}

void VectorIndex::set_ef_search(std::size_t ef) { impl_->params.ef_search = std::max<std::size_t>(ef, 1); }

std::vector<IndexHit> VectorIndex::search(const float* query, std::size_t k, std::size_t ef) const {
  std::vector<IndexHit> out;
  const std::size_t live = size();
  if (k == 0 || live == 0) return out;
  k = std::min(k, live);
  Graph& g = *impl_->graph;
  g.setEf(std::max(ef != 0 ? ef : impl_->params.ef_search, k));
  auto heap = g.searchKnn(query, k);  // farthest on top
  out.resize(heap.size());
  for (std::size_t i = heap.size(); i > 0; --i) {
    out[i - 1] = IndexHit{static_cast<std::int64_t>(heap.top().second), 1.0f - heap.top().first};
    heap.pop();
  }
  return out;
}

std::vector<IndexHit> VectorIndex::search_exhaustive(const float* query, std::size_t k) const {
  std::vector<IndexHit> out;
  const Graph& g = *impl_->graph;
  if (k == 0) return out;
  auto distance = impl_->space.get_dist_func();
  void* param = impl_->space.get_dist_func_param();
  // Max-heap on distance holding the k best so far.
  std::priority_queue<std::pair<float, hnswlib::tableint>> best;
  for (hnswlib::tableint i = 0; i < g.cur_element_count; ++i) {
    if (g.isMarkedDeleted(i)) continue;
    const float d = distance(query, g.getDataByInternalId(i), param);
    if (best.size() < k) {
      best.emplace(d, i);
    } else if (d < best.top().first) {
      best.pop();
      best.emplace(d, i);
    }
  }
  out.resize(best.size());
  for (std::size_t i = best.size(); i > 0; --i) {
    out[i - 1] = IndexHit{static_cast<std::int64_t>(g.getExternalLabel(best.top().second)), 1.0f - best.top().first};
    best.pop();
  }
  return out;
}

void VectorIndex::export_hnswlib(const std::string& path) const { impl_->graph->saveIndex(path); }

// ---- saving --------------------------------------------------------------------

void VectorIndex::save(const std::string& path, const IndexFileInfo& info) const {
  if (info.embedder.empty() || info.embedder.size() > kIdentityMax) {
    throw std::invalid_argument(fmt::format("embedder identity must be 1 to {} bytes", kIdentityMax));
  }
  const Graph& g = *impl_->graph;
  const auto fields = encode_fields(g);
  std::vector<std::uint8_t> links;
  {
    std::size_t total = 0;
    for (hnswlib::tableint i = 0; i < g.cur_element_count; ++i) {
      total += sizeof(std::uint32_t) + g.size_links_per_element_ * static_cast<std::size_t>(g.element_levels_[i]);
    }
    links.resize(total);
    std::uint8_t* p = links.data();
    for (hnswlib::tableint i = 0; i < g.cur_element_count; ++i) {
      const auto size =
          static_cast<std::uint32_t>(g.size_links_per_element_ * static_cast<std::size_t>(g.element_levels_[i]));
      std::memcpy(p, &size, sizeof(size));
      p += sizeof(size);
      if (size != 0) {
        std::memcpy(p, g.linkLists_[i], size);
        p += size;
      }
    }
  }
  const std::vector<Span> payload{
      {fields.data(), fields.size()},
      {reinterpret_cast<const std::uint8_t*>(g.data_level0_memory_), g.cur_element_count * g.size_data_per_element_},
      {links.data(), links.size()},
  };

  Header h;
  h.version = kIndexFormatVersion;
  h.header_size = kHeaderSize;
  h.dimension = static_cast<std::uint32_t>(impl_->dim);
  h.m = static_cast<std::uint32_t>(g.M_);
  h.ef_construction = static_cast<std::uint32_t>(g.ef_construction_);
  h.chunk_size = static_cast<std::uint32_t>(kChunkSize);
  h.watermark = info.watermark;
  h.epoch = info.epoch;
  h.live = size();
  h.slots = g.cur_element_count;
  h.payload_size = 0;
  for (const Span& s : payload) h.payload_size += s.size;
  h.embedder = info.embedder;
  std::array<std::uint8_t, kHeaderSize> header{};
  encode_header(h, header.data());
  h.checksum = file_checksum(header.data(), payload, kChunkSize);
  encode_header(h, header.data());

  std::string temp;
  Fd fd(create_temp_beside(path, temp));
  try {
    write_exact(fd.get(), header.data(), header.size(), temp);
    for (const Span& s : payload) write_exact(fd.get(), s.data, s.size, temp);
    if (::fsync(fd.get()) != 0) throw std::runtime_error(fmt::format("cannot sync {}: {}", temp, errno_text(errno)));
    if (fd.close() != 0) throw std::runtime_error(fmt::format("cannot close {}: {}", temp, errno_text(errno)));
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      throw std::runtime_error(fmt::format("cannot rename {} to {}: {}", temp, path, errno_text(errno)));
    }
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  fsync_directory_of(path);
}

// ---- loading -------------------------------------------------------------------

std::optional<IndexFileInfo> VectorIndex::peek(const std::string& path) {
  const int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0) return std::nullopt;
  Fd fd(raw);
  std::array<std::uint8_t, kHeaderSize> buf{};
  if (!read_exact(fd.get(), buf.data(), buf.size())) return std::nullopt;
  Header h;
  LoadError kind;
  if (!decode_header(buf.data(), h, kind).empty()) return std::nullopt;
  return IndexFileInfo{h.embedder, static_cast<int>(h.dimension), h.watermark, h.epoch,
                       static_cast<std::int64_t>(h.live)};
}

VectorIndex::Loaded VectorIndex::load(const std::string& path, const IndexParams& params) {
  Loaded out;
  auto fail = [&out](LoadError kind, std::string message) {
    out.index.reset();
    out.error = kind;
    out.message = std::move(message);
    return std::move(out);
  };

  const int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0) {
    if (errno == ENOENT) return fail(LoadError::missing, "no index file");
    return fail(LoadError::io, fmt::format("cannot open {}: {}", path, errno_text(errno)));
  }
  Fd fd(raw);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail(LoadError::io, fmt::format("cannot stat {}", path));
  const auto file_size = static_cast<std::uint64_t>(st.st_size);
  if (file_size < kHeaderSize + kGraphFieldsSize) return fail(LoadError::corrupt, "file too short");

  std::array<std::uint8_t, kHeaderSize> header{};
  if (!read_exact(fd.get(), header.data(), header.size())) return fail(LoadError::io, "cannot read header");
  Header h;
  LoadError kind = LoadError::none;
  if (std::string why = decode_header(header.data(), h, kind); !why.empty()) return fail(kind, why);
  if (h.payload_size != file_size - kHeaderSize) return fail(LoadError::corrupt, "file size does not match header");

  std::array<std::uint8_t, kGraphFieldsSize> field_bytes{};
  if (!read_exact(fd.get(), field_bytes.data(), field_bytes.size())) return fail(LoadError::io, "cannot read");
  const GraphFields f = decode_fields(field_bytes.data());

  // The layout must be exactly what a graph with these parameters has, so
  // that every offset computed below stays inside what we allocate.
  const std::size_t dim = h.dimension;
  const std::size_t links0 = 2 * std::size_t{h.m} * sizeof(hnswlib::tableint) + sizeof(hnswlib::linklistsizeint);
  const std::size_t per_upper = std::size_t{h.m} * sizeof(hnswlib::tableint) + sizeof(hnswlib::linklistsizeint);
  if (f.m != h.m || f.max_m != h.m || f.max_m0 != 2 * std::size_t{h.m} || f.ef_construction != h.ef_construction ||
      f.offset_level0 != 0 || f.offset_data != links0 || f.label_offset != links0 + dim * sizeof(float) ||
      f.size_per_element != links0 + dim * sizeof(float) + sizeof(hnswlib::labeltype)) {
    return fail(LoadError::corrupt, "graph layout does not match the header");
  }
  if (f.elements != h.slots || f.max_elements < f.elements) return fail(LoadError::corrupt, "bad element counts");
  const std::uint64_t level0_bytes = std::uint64_t{f.elements} * f.size_per_element;
  const std::uint64_t rest = h.payload_size - kGraphFieldsSize;
  if (level0_bytes > rest || rest - level0_bytes < 4 * std::uint64_t{f.elements}) {
    return fail(LoadError::corrupt, "payload too short for its element count");
  }
  const std::uint64_t links_bytes = rest - level0_bytes;  // bounded by the file's size

  std::unique_ptr<Impl> impl;
  try {
    // Room to grow by an eighth before the first (copying) resize; untouched
    // memory costs nothing.
    const std::size_t capacity = f.elements + std::max<std::size_t>(f.elements / 8, 1024);
    impl = std::make_unique<Impl>(static_cast<int>(dim), params, capacity, h.m, h.ef_construction);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return fail(LoadError::corrupt, fmt::format("cannot create graph: {}", e.what()));
  }
  Graph& g = *impl->graph;
  if (g.size_data_per_element_ != f.size_per_element || g.size_links_per_element_ != per_upper ||
      g.size_links_level0_ != links0 || std::abs(g.mult_ - f.mult) > 1e-9 * g.mult_) {
    return fail(LoadError::unsupported, "graph layout differs from this build's hnswlib");
  }

  auto* level0 = reinterpret_cast<std::uint8_t*>(g.data_level0_memory_);
  std::vector<std::uint8_t> links(links_bytes);
  const std::vector<Span> payload{
      {field_bytes.data(), field_bytes.size()}, {level0, level0_bytes}, {links.data(), links.size()}};
  const auto checksum = read_and_checksum(fd.get(), header.data(), payload, field_bytes.size(), h.chunk_size);
  if (!checksum) {
    // The size matched the header, so a short read means the file changed or failed.
    return fail(LoadError::io, fmt::format("cannot read {}: {}", path, errno_text(errno)));
  }
  if (*checksum != h.checksum) return fail(LoadError::corrupt, "checksum mismatch");

  // The checksum proves the bytes are the ones written; still check the graph
  // so that nothing a search follows can point outside the allocation.
  const std::size_t n = f.elements;
  std::vector<int> levels(n, 0);
  std::vector<std::size_t> link_offset(n, 0);
  {
    std::size_t pos = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (links.size() - pos < 4) return fail(LoadError::corrupt, "link section truncated");
      std::uint32_t size = 0;
      std::memcpy(&size, links.data() + pos, 4);
      pos += 4;
      if (size % per_upper != 0 || size > links.size() - pos) return fail(LoadError::corrupt, "bad link list size");
      levels[i] = static_cast<int>(size / per_upper);
      link_offset[i] = pos;
      pos += size;
    }
    if (pos != links.size()) return fail(LoadError::corrupt, "trailing bytes after link lists");
  }
  if (n == 0) {
    if (f.max_level != -1) return fail(LoadError::corrupt, "empty graph with levels");
  } else {
    if (f.entry_point >= n || f.max_level < 0 || f.max_level > 255 || levels[f.entry_point] != f.max_level) {
      return fail(LoadError::corrupt, "bad entry point");
    }
  }
  std::size_t deleted = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (levels[i] > f.max_level) return fail(LoadError::corrupt, "node above the top level");
    const std::uint8_t* list = level0 + i * f.size_per_element;
    const std::size_t count = std::size_t{list[0]} | (std::size_t{list[1]} << 8);
    if (count > f.max_m0 || (list[2] & 0xFE) != 0 || list[3] != 0) return fail(LoadError::corrupt, "bad level-0 list");
    if (list[2] & 1) ++deleted;
    for (std::size_t k = 0; k < count; ++k) {
      hnswlib::tableint nb = 0;
      std::memcpy(&nb, list + 4 + 4 * k, 4);
      if (nb >= n) return fail(LoadError::corrupt, "level-0 link out of range");
    }
    for (int level = 1; level <= levels[i]; ++level) {
      const std::uint8_t* upper = links.data() + link_offset[i] + (static_cast<std::size_t>(level) - 1) * per_upper;
      std::uint32_t head = 0;
      std::memcpy(&head, upper, 4);
      if (head > f.max_m) return fail(LoadError::corrupt, "bad upper list");
      for (std::size_t k = 0; k < head; ++k) {
        hnswlib::tableint nb = 0;
        std::memcpy(&nb, upper + 4 + 4 * k, 4);
        if (nb >= n || levels[nb] < level) return fail(LoadError::corrupt, "upper link out of range");
      }
    }
  }
  if (n - deleted != h.live) return fail(LoadError::corrupt, "live count does not match header");

  g.label_lookup_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    hnswlib::labeltype label = 0;
    std::memcpy(&label, level0 + i * f.size_per_element + f.label_offset, sizeof(label));
    if (label > static_cast<hnswlib::labeltype>(std::numeric_limits<std::int64_t>::max()) ||
        !g.label_lookup_.emplace(label, static_cast<hnswlib::tableint>(i)).second) {
      g.label_lookup_.clear();
      return fail(LoadError::corrupt, "bad or duplicate label");
    }
  }

  // Verified: hand the links to the graph. Slots count from here on, so the
  // graph's destructor frees exactly the lists allocated so far.
  g.cur_element_count = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (levels[i] == 0) continue;
    const std::size_t size = static_cast<std::size_t>(levels[i]) * per_upper;
    auto* list = static_cast<char*>(std::malloc(size + 1));
    if (list == nullptr) throw std::bad_alloc();
    std::memcpy(list, links.data() + link_offset[i], size);
    g.linkLists_[i] = list;
    g.element_levels_[i] = levels[i];
  }
  g.maxlevel_ = f.max_level;
  g.enterpoint_node_ = f.entry_point;
  g.num_deleted_ = deleted;

  out.info = IndexFileInfo{h.embedder, static_cast<int>(h.dimension), h.watermark, h.epoch,
                           static_cast<std::int64_t>(h.live)};
  out.index.reset(new VectorIndex(std::move(impl)));
  out.error = LoadError::none;
  return out;
}

}  // namespace sq::memory
