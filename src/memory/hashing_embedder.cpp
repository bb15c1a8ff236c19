// Feature-hashing embedder: see hashing_embedder.hpp.
#include "memory/hashing_embedder.hpp"

#include <algorithm>
#include <iterator>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "util/text.hpp"

namespace sq::memory {

namespace {

// Relative weights of the feature kinds. A content word counts fully; its
// trigrams let inflections ("answer", "answers") and compounds meet part way.
constexpr float kWordWeight = 1.0f;
constexpr float kStopWordWeight = 0.15f;
constexpr float kPairWeight = 0.6f;         // two content words in a row
constexpr float kPairWithStopWeight = 0.2f;  // one of the two is a stop word
constexpr float kTrigramWeight = 0.25f;

// Common English function words. Kept short on purpose: only words that carry
// almost no topic. Looked up by binary search after a one-time sort.
constexpr std::string_view kStopWords[] = {
    "a",       "about",  "above", "after",   "again",  "against", "all",    "am",      "an",     "and",
    "any",     "are",    "as",    "at",      "be",     "because", "been",   "before",  "being",  "below",
    "between", "both",   "but",   "by",      "can",    "could",   "did",    "do",      "does",   "doing",
    "don't",   "down",   "during", "each",   "few",    "for",     "from",   "further", "had",    "has",
    "have",    "having", "he",    "her",     "here",   "hers",    "herself", "him",    "himself", "his",
    "how",     "i",      "i'm",   "if",      "in",     "into",    "is",     "it",      "it's",   "its",
    "itself",  "just",   "me",    "more",    "most",   "my",      "myself", "no",      "nor",    "not",
    "now",     "of",     "off",   "on",      "once",   "only",    "or",     "other",   "our",    "ours",
    "ourselves", "out",  "over",  "own",     "same",   "she",     "should", "so",      "some",   "such",
    "than",    "that",   "that's", "the",    "their",  "theirs",  "them",   "themselves", "then", "there",
    "these",   "they",   "this",  "those",   "through", "to",     "too",    "under",   "until",  "up",
    "very",    "was",    "we",    "were",    "what",   "what's",  "when",   "where",   "which",  "while",
    "who",     "whom",   "why",   "will",    "with",   "would",   "you",    "your",    "yours",  "yourself",
    "yourselves", "also", "may",  "might",   "must",   "shall",   "let",    "let's",   "via",    "per",
    "etc",     "e",      "g",     "ie",      "eg",     "s",       "t",      "ll",      "ve",     "re",
    "d"};

const std::vector<std::string_view>& sorted_stop_words() {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> v(std::begin(kStopWords), std::end(kStopWords));
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  }();
  return words;
}

// Byte length of the UTF-8 sequence led by `c`, judged from the lead byte only
// (the tokeniser already dropped ill-formed bytes; this only has to be safe).
std::size_t lead_length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

// Splits a word into code points (as byte ranges), clamped to the word.
std::vector<std::string_view> code_points(std::string_view word) {
  std::vector<std::string_view> out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < word.size();) {
    const std::size_t n = std::min(lead_length(static_cast<unsigned char>(word[i])), word.size() - i);
    out.push_back(word.substr(i, n));
    i += n;
  }
  return out;
}

// Accumulated weight per distinct feature (keyed by its 64-bit hash).
class FeatureBag {
 public:
  void add(char tag, std::string_view bytes, float weight) { weights_[feature_hash(tag, bytes)] += weight; }

  // Sublinear damping: weights up to 1 pass unchanged, larger ones grow like
  // 1 + ln(w), so a word repeated ten times does not drown the rest.
  std::vector<float> to_vector(int dimension) const {
    std::vector<double> acc(static_cast<std::size_t>(dimension), 0.0);
    for (const auto& [h, w] : weights_) {
      const double value = w <= 1.0f ? w : 1.0 + std::log(static_cast<double>(w));
      // Independent bits choose the bucket and the sign.
      const auto bucket = static_cast<std::size_t>((h >> 8) % static_cast<std::uint64_t>(dimension));
      acc[bucket] += (h & 1U) ? -value : value;
    }
    double norm = 0;
    for (double x : acc) norm += x * x;
    std::vector<float> out(static_cast<std::size_t>(dimension), 0.0f);
    if (norm <= 0) return out;
    const double inv = 1.0 / std::sqrt(norm);
    for (std::size_t i = 0; i < acc.size(); ++i) out[i] = static_cast<float>(acc[i] * inv);
    return out;
  }

 private:
  std::unordered_map<std::uint64_t, float> weights_;
};

}  // namespace

std::uint64_t feature_hash(char tag, std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a offset basis
  auto step = [&h](unsigned char c) {
    h ^= c;
    h *= 0x100000001b3ULL;  // FNV prime
  };
  step(static_cast<unsigned char>(tag));
  for (char c : bytes) step(static_cast<unsigned char>(c));
  // Final avalanche (xor-shift / multiply rounds).
  h ^= h >> 31;
  h *= 0x7fb5d329728ea185ULL;
  h ^= h >> 27;
  h *= 0x81dadef4bc2dd44dULL;
  h ^= h >> 33;
  return h;
}

HashingEmbedder::HashingEmbedder(int dimension) : dimension_(dimension) {
  if (dimension < kMinDimension || dimension > kMaxDimension) {
    throw std::invalid_argument(fmt::format("embedding dimension must be between {} and {}, not {}",
                                            kMinDimension, kMaxDimension, dimension));
  }
}

std::string HashingEmbedder::identity() const { return fmt::format("{}/{}", kVersion, dimension_); }

bool HashingEmbedder::is_stop_word(std::string_view word) {
  const auto& words = sorted_stop_words();
  return std::binary_search(words.begin(), words.end(), word);
}

std::vector<float> HashingEmbedder::embed(std::string_view text) const {
  const std::vector<std::string> words = util::words(util::utf8_prefix(text, kMaxInputBytes));
  FeatureBag bag;
  std::vector<bool> stop(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) stop[i] = is_stop_word(words[i]);

  std::string scratch;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    bag.add('w', w, stop[i] ? kStopWordWeight : kWordWeight);

    if (i + 1 < words.size() && !(stop[i] && stop[i + 1])) {
      scratch.assign(w);
      scratch += '\x1f';
      scratch += words[i + 1];
      bag.add('p', scratch, (stop[i] || stop[i + 1]) ? kPairWithStopWeight : kPairWeight);
    }

    if (stop[i]) continue;
    // Trigrams of code points over "<word>", so short words still give some.
    std::vector<std::string_view> cps = code_points(w);
    cps.insert(cps.begin(), "<");
    cps.push_back(">");
    for (std::size_t k = 0; k + 3 <= cps.size(); ++k) {
      scratch.assign(cps[k]);
      scratch.append(cps[k + 1]);
      scratch.append(cps[k + 2]);
      bag.add('c', scratch, kTrigramWeight);
    }
  }
  return bag.to_vector(dimension_);
}

}  // namespace sq::memory
