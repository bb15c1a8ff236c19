// Log-scale latency histogram: see latency_histogram.hpp.
#include "ops/latency_histogram.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sq::ops {

std::size_t LatencyHistogram::bucket_of(double millis) {
  if (!(millis >= kLowestMs)) return 0;  // also catches NaN
  const double steps = std::floor(std::log2(millis / kLowestMs) * kBucketsPerOctave);
  if (steps >= static_cast<double>(kBuckets - 2)) return kBuckets - 1;
  return 1 + static_cast<std::size_t>(steps);
}

double LatencyHistogram::bucket_lower_ms(std::size_t bucket) {
  if (bucket == 0) return 0.0;
  return kLowestMs * std::exp2(static_cast<double>(bucket - 1) / kBucketsPerOctave);
}

double LatencyHistogram::bucket_upper_ms(std::size_t bucket) {
  if (bucket >= kBuckets - 1) return INFINITY;
  return kLowestMs * std::exp2(static_cast<double>(bucket) / kBucketsPerOctave);
}

void LatencyHistogram::record(double millis) {
  if (!std::isfinite(millis) || millis < 0) millis = 0;
  if (buckets_.empty()) buckets_.assign(kBuckets, 0);
  ++buckets_[bucket_of(millis)];
  min_ms_ = count_ == 0 ? millis : std::min(min_ms_, millis);
  max_ms_ = count_ == 0 ? millis : std::max(max_ms_, millis);
  ++count_;
  sum_ms_ += millis;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  if (buckets_.empty()) buckets_.assign(kBuckets, 0);
  for (std::size_t i = 0; i < kBuckets && i < other.buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  min_ms_ = count_ == 0 ? other.min_ms_ : std::min(min_ms_, other.min_ms_);
  max_ms_ = count_ == 0 ? other.max_ms_ : std::max(max_ms_, other.max_ms_);
  count_ += other.count_;
  sum_ms_ += other.sum_ms_;
}

double LatencyHistogram::percentile(double p) const {
  if (count_ == 0) return 0.0;
  p = std::clamp(p, 0.0, 1.0);
  const auto rank = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(p * static_cast<double>(count_))));
  // The extremes are known exactly.
  if (rank == 1) return min_ms_;
  if (rank >= count_) return max_ms_;
  std::int64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen < rank) continue;
    double value;
    if (i == 0) {
      value = kLowestMs / 2;
    } else if (i == kBuckets - 1) {
      value = max_ms_;
    } else {
      value = std::sqrt(bucket_lower_ms(i) * bucket_upper_ms(i));  // geometric middle
    }
    return std::clamp(value, min_ms_, max_ms_);
  }
  return max_ms_;
}

nlohmann::json LatencyHistogram::to_json() const {
  nlohmann::json buckets = nlohmann::json::array();
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    if (buckets_[i] != 0) buckets.push_back({i, buckets_[i]});
  }
  return {{"count", count_}, {"sum_ms", sum_ms_}, {"min_ms", min_ms()}, {"max_ms", max_ms()}, {"buckets", buckets}};
}

LatencyHistogram LatencyHistogram::from_json(const nlohmann::json& j) {
  LatencyHistogram h;
  if (j.is_null()) return h;
  try {
    const auto& buckets = j.at("buckets");
    if (!buckets.is_array()) throw std::invalid_argument("buckets must be an array");
    std::int64_t total = 0;
    for (const auto& b : buckets) {
      const auto index = b.at(0).get<std::int64_t>();
      const auto n = b.at(1).get<std::int64_t>();
      if (index < 0 || index >= static_cast<std::int64_t>(kBuckets) || n < 0) continue;
      if (h.buckets_.empty()) h.buckets_.assign(kBuckets, 0);
      h.buckets_[static_cast<std::size_t>(index)] += n;
      total += n;
    }
    h.count_ = total;
    if (total > 0) {
      h.sum_ms_ = j.at("sum_ms").get<double>();
      h.min_ms_ = j.at("min_ms").get<double>();
      h.max_ms_ = j.at("max_ms").get<double>();
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("malformed latency histogram: ") + e.what());
  }
  return h;
}

}  // namespace sq::ops
