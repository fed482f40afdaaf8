#include "models/scenario/yaml_reader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace cmsim::scenario {

std::string YamlNode::describe() const {
  switch (kind) {
    case Kind::NUL:
      return "nothing (null)";
    case Kind::SCALAR:
      return quote_value(scalar);
    case Kind::SEQUENCE:
      return "a list";
    case Kind::MAP:
      return "a map";
  }
  return "?";
}

namespace {

using Source = std::shared_ptr<const std::string>;

SourceLocation at(const Source& src, int line, int column) { return SourceLocation{src, line, column}; }

/// Finds the first place where brackets nest deeper than MAX_NESTING (flow style; block
/// style nesting is bounded by the converter). Quotes and comments are skipped roughly:
/// the scan only has to be right for documents that nest that deep.
bool flow_nesting_too_deep(const std::string& text, int& line, int& column) {
  int depth = 0;
  char quote = 0;
  line = 1;
  column = 0;
  char prev = '\n';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      prev = c;
      continue;
    }
    if (quote) {
      if (c == '\\' && quote == '"') {
        ++i, ++column;
      } else if (c == quote) {
        quote = 0;
      }
      prev = c;
      continue;
    }
    const bool token_start =
        prev == '\n' || prev == ' ' || prev == '\t' || prev == '[' || prev == '{' || prev == ',' || prev == ':';
    if (c == '#' && (prev == '\n' || prev == ' ' || prev == '\t')) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
    } else if ((c == '"' || c == '\'') && token_start) {
      quote = c;
    } else if (c == '[' || c == '{') {
      if (++depth > MAX_NESTING) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    prev = c;
  }
  return false;
}

class Converter {
 public:
  Converter(Source src, bool whole_source, ErrorList& errors)
      : src_(std::move(src)), whole_(whole_source), errors_(errors) {}

  std::optional<YamlNode> convert(const YAML::Node& n, int depth) {
    if (failed_) return std::nullopt;
    YamlNode out;
    out.loc = where(n.Mark());
    if (depth > MAX_NESTING) {
      fail(out.loc, "expected at most " + std::to_string(MAX_NESTING) + " levels of nested maps and lists, got more");
      return std::nullopt;
    }
    if (++nodes_ > MAX_NODES) {
      fail(out.loc,
           "expected at most " + std::to_string(MAX_NODES) + " values (counting each use of an alias), got more");
      return std::nullopt;
    }
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = YamlNode::Kind::NUL;
        break;
      case YAML::NodeType::Scalar:
        out.kind = YamlNode::Kind::SCALAR;
        out.scalar = n.Scalar();
        out.quoted = n.Tag() == "!";
        break;
      case YAML::NodeType::Sequence:
        out.kind = YamlNode::Kind::SEQUENCE;
        for (const auto& item : n) {
          auto c = convert(item, depth + 1);
          if (!c) return std::nullopt;
          out.items.push_back(std::move(*c));
        }
        break;
      case YAML::NodeType::Map:
        out.kind = YamlNode::Kind::MAP;
        // Duplicate keys are found with a hash map: a linear search per key made a map of
        // many keys quadratic (a 1 MB file of unknown keys took 40 s).
        std::unordered_map<std::string, std::size_t> first_at;
        for (const auto& kv : n) {
          auto k = convert(kv.first, depth + 1);
          if (!k) return std::nullopt;
          if (!k->is_scalar()) {
            fail(k->loc, "expected a plain key (a name), got " + k->describe());
            return std::nullopt;
          }
          auto v = convert(kv.second, depth + 1);
          if (!v) return std::nullopt;
          if (const auto [it, fresh] = first_at.emplace(k->scalar, out.keys.size()); !fresh) {
            errors_.add(k->loc, k->scalar,
                        "expected each key once in a map, got it again (first at " +
                            safe_text(out.keys[it->second].loc.text(), 300) + ")");
            continue;
          }
          out.keys.push_back(std::move(*k));
          out.items.push_back(std::move(*v));
        }
        break;
    }
    return out;
  }

 private:
  SourceLocation where(const YAML::Mark& m) const {
    if (whole_) return at(src_, 0, 0);
    if (m.is_null()) return at(src_, 1, 1);  // e.g. an empty document
    return at(src_, m.line + 1, m.column + 1);
  }
  void fail(const SourceLocation& loc, const std::string& what) {
    errors_.add(loc, "", what);
    failed_ = true;
  }

  Source src_;
  bool whole_;
  ErrorList& errors_;
  std::size_t nodes_ = 0;
  bool failed_ = false;
};

}  // namespace

std::optional<YamlNode> parse_yaml_text(const std::string& text, const std::string& source, bool whole_source,
                                        ErrorList& errors) {
  auto src = std::make_shared<const std::string>(source);
  const auto loc = [&](int line, int col) { return whole_source ? at(src, 0, 0) : at(src, line, col); };
  if (text.size() > MAX_FILE_BYTES) {
    errors.add(loc(1, 1), "",
               "expected a scenario of at most " + std::to_string(MAX_FILE_BYTES >> 20) + " MB, got " +
                   std::to_string(text.size()) + " bytes");
    return std::nullopt;
  }
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    const int line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
    const auto bol = text.rfind('\n', nul);
    const int col = static_cast<int>(nul - (bol == std::string::npos ? 0 : bol + 1)) + 1;
    errors.add(loc(line, col), "", "expected a YAML text file, got a NUL byte (a binary file?)");
    return std::nullopt;
  }
  int line = 0, col = 0;
  if (flow_nesting_too_deep(text, line, col)) {
    errors.add(loc(line, col), "",
               "expected at most " + std::to_string(MAX_NESTING) + " levels of nested maps and lists, got more");
    return std::nullopt;
  }
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    errors.add(e.mark.is_null() ? loc(1, 1) : loc(e.mark.line + 1, e.mark.column + 1), "",
               "expected at most " + std::to_string(MAX_NESTING) + " levels of nested maps and lists, got more");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    errors.add(e.mark.is_null() ? loc(1, 1) : loc(e.mark.line + 1, e.mark.column + 1), "",
               "expected valid YAML, got a syntax error: " + e.msg);
    return std::nullopt;
  }
  try {
    Converter conv(src, whole_source, errors);
    return conv.convert(doc, 0);
  } catch (const YAML::Exception& e) {
    errors.add(e.mark.is_null() ? loc(1, 1) : loc(e.mark.line + 1, e.mark.column + 1), "",
               "expected valid YAML, got: " + e.msg);
    return std::nullopt;
  }
}

std::optional<YamlNode> read_yaml_file(const std::string& path, ErrorList& errors) {
  auto src = std::make_shared<const std::string>(path);
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    errors.add(at(src, 1, 1), "", "expected a readable scenario file, got no such file");
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    errors.add(at(src, 1, 1), "", "expected a regular file, got a directory or special file");
    return std::nullopt;
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > MAX_FILE_BYTES) {
    errors.add(at(src, 1, 1), "",
               "expected a scenario file of at most " + std::to_string(MAX_FILE_BYTES >> 20) + " MB, got " +
                   std::to_string(size) + " bytes");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.add(at(src, 1, 1), "", "expected a readable scenario file, got a file that cannot be opened");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_yaml_text(ss.str(), path, false, errors);
}

}  // namespace cmsim::scenario
