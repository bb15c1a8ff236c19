// A bounded latency histogram: fixed log-scale buckets (eight per doubling,
// from about 16 microseconds to about 4 minutes), so histograms recorded by
// different processes merge by adding buckets and still give percentiles
// within a few percent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace sq::ops {

class LatencyHistogram {
 public:
  static constexpr int kBucketsPerOctave = 8;
  static constexpr int kOctaves = 24;
  // Bucket 0 holds everything below kLowestMs; the last bucket everything
  // from kLowestMs * 2^kOctaves up.
  static constexpr std::size_t kBuckets = 1 + kOctaves * kBucketsPerOctave + 1;
  static constexpr double kLowestMs = 1.0 / 64.0;

  void record(double millis);
  void merge(const LatencyHistogram& other);

  std::int64_t count() const { return count_; }
  double sum_ms() const { return sum_ms_; }
  double min_ms() const { return count_ ? min_ms_ : 0.0; }
  double max_ms() const { return count_ ? max_ms_ : 0.0; }
  double mean_ms() const { return count_ ? sum_ms_ / static_cast<double>(count_) : 0.0; }
  // The value below which a fraction `p` (0..1) of recordings fall, by
  // nearest rank: the middle of the bucket holding that rank, kept within
  // [min, max]; the first and last ranks are min and max exactly. 0 when empty.
  double percentile(double p) const;

  // The bucket a duration falls in, and the range a bucket covers.
  static std::size_t bucket_of(double millis);
  static double bucket_lower_ms(std::size_t bucket);
  static double bucket_upper_ms(std::size_t bucket);
  std::int64_t bucket_count(std::size_t bucket) const { return bucket < buckets_.size() ? buckets_[bucket] : 0; }

  // {"count", "sum_ms", "min_ms", "max_ms", "buckets": [[index, count], ...]}
  // with only non-empty buckets. from_json ignores buckets it does not know
  // and throws std::invalid_argument for a malformed value.
  nlohmann::json to_json() const;
  static LatencyHistogram from_json(const nlohmann::json& j);

  bool operator==(const LatencyHistogram&) const = default;

 private:
  std::vector<std::int64_t> buckets_;  // empty until the first recording
  std::int64_t count_ = 0;
  double sum_ms_ = 0;
  double min_ms_ = 0;
  double max_ms_ = 0;
};

}  // namespace sq::ops
