// JSON Schema subset validation: see schema.hpp.
#include "mcp/schema.hpp"

#include <cmath>

#include <fmt/format.h>

namespace sq::mcp {

namespace {

using json = nlohmann::json;

std::string type_of(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
  if (v.is_number_float()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

bool has_type(const json& v, const std::string& t) {
  if (t == "number") return v.is_number();
  if (t == "integer") {
    if (v.is_number_integer() || v.is_number_unsigned()) return true;
    if (v.is_number_float()) {
      const double d = v.get<double>();
      return std::isfinite(d) && std::floor(d) == d;
    }
    return false;
  }
  return type_of(v) == t;
}

std::string name_of(const std::string& path) { return path.empty() ? "the arguments" : path; }

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string short_value(const json& v) {
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

std::optional<std::string> check(const json& schema, const json& v, const std::string& path) {
  if (!schema.is_object()) return std::nullopt;

  if (auto t = schema.find("type"); t != schema.end()) {
    std::vector<std::string> allowed;
    if (t->is_string()) allowed.push_back(t->get<std::string>());
    else if (t->is_array()) for (const auto& x : *t) allowed.push_back(x.get<std::string>());
    bool ok = false;
    for (const auto& a : allowed) ok = ok || has_type(v, a);
    if (!ok) {
      std::string want;
      for (std::size_t i = 0; i < allowed.size(); ++i) {
        if (i > 0) want += i + 1 == allowed.size() ? " or " : ", ";
        want += allowed[i] == "integer" || allowed[i] == "array" || allowed[i] == "object" ? "an " + allowed[i]
                                                                                             : "a " + allowed[i];
      }
      return fmt::format("{} must be {} (got {})", name_of(path), want, type_of(v));
    }
  }

  if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
    bool found = false;
    for (const auto& x : *e) found = found || x == v;
    if (!found) {
      std::string options;
      for (std::size_t i = 0; i < e->size(); ++i) options += (i ? ", " : "") + (*e)[i].dump();
      return fmt::format("{} must be one of {} (got {})", name_of(path), options, short_value(v));
    }
  }

  if (v.is_number()) {
    const double d = v.get<double>();
    if (auto m = schema.find("minimum"); m != schema.end() && d < m->get<double>()) {
      return fmt::format("{} must be at least {} (got {})", name_of(path), m->dump(), short_value(v));
    }
    if (auto m = schema.find("maximum"); m != schema.end() && d > m->get<double>()) {
      return fmt::format("{} must be at most {} (got {})", name_of(path), m->dump(), short_value(v));
    }
  }

  if (v.is_string()) {
    const std::size_t n = code_points(v.get_ref<const std::string&>());
    if (auto m = schema.find("minLength"); m != schema.end() && n < m->get<std::size_t>()) {
      return m->get<std::size_t>() == 1 ? fmt::format("{} must not be empty", name_of(path))
                                        : fmt::format("{} must be at least {} characters long", name_of(path), m->dump());
    }
    if (auto m = schema.find("maxLength"); m != schema.end() && n > m->get<std::size_t>()) {
      return fmt::format("{} is {} characters long; the limit is {}", name_of(path), n, m->dump());
    }
  }

  if (v.is_array()) {
    if (auto m = schema.find("minItems"); m != schema.end() && v.size() < m->get<std::size_t>()) {
      return fmt::format("{} must have at least {} items (got {})", name_of(path), m->dump(), v.size());
    }
    if (auto m = schema.find("maxItems"); m != schema.end() && v.size() > m->get<std::size_t>()) {
      return fmt::format("{} has {} items; the limit is {}", name_of(path), v.size(), m->dump());
    }
    if (auto items = schema.find("items"); items != schema.end()) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (auto err = check(*items, v[i], fmt::format("{}[{}]", path, i))) return err;
      }
    }
  }

  if (v.is_object()) {
    const auto props = schema.find("properties");
    if (auto req = schema.find("required"); req != schema.end()) {
      for (const auto& r : *req) {
        const auto key = r.get<std::string>();
        if (!v.contains(key)) {
          return fmt::format("{} is required", path.empty() ? key : path + "." + key);
        }
      }
    }
    const auto extra = schema.find("additionalProperties");
    if (auto mp = schema.find("maxProperties"); mp != schema.end() && v.size() > mp->get<std::size_t>()) {
      return fmt::format("{} has {} entries; the limit is {}", name_of(path), v.size(), mp->dump());
    }
    for (const auto& [key, child] : v.items()) {
      const std::string child_path = path.empty() ? key : path + "." + key;
      if (props != schema.end() && props->contains(key)) {
        if (auto err = check((*props)[key], child, child_path)) return err;
      } else if (extra != schema.end()) {
        if (extra->is_boolean() && !extra->get<bool>()) {
          std::string known;
          if (props != schema.end()) {
            for (const auto& [k, _] : props->items()) known += (known.empty() ? "" : ", ") + k;
          }
          return fmt::format("{} is not a known field{}", child_path,
                             known.empty() ? std::string() : " (known fields: " + known + ")");
        }
        if (extra->is_object()) {
          if (auto err = check(*extra, child, child_path)) return err;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate(const json& schema, const json& value) { return check(schema, value, ""); }

}  // namespace sq::mcp
