// An output directory that appears complete or not at all: files are written into a
// temporary sibling directory, which commit() renames into place, replacing an earlier
// result only then. If the object is destroyed without commit() (bad input, a crash
// unwinding, Ctrl-C handled as an exception) the temporary directory is removed.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace cmsim::output {

class OutputDir {
 public:
  /// Creates `<final>.tmp-<pid>-<n>` beside `final` (creating parents as needed).
  /// Throws engine::InputError if the location cannot be written.
  explicit OutputDir(std::filesystem::path final_path);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  /// Opens a file inside the temporary directory for writing (binary, so bytes are exact).
  std::ofstream open(const std::string& name) const;
  /// Path of a file inside the temporary directory.
  std::filesystem::path temp_path(const std::string& name) const { return temp_ / name; }
  const std::filesystem::path& final_path() const { return final_; }
  /// Renames the temporary directory to the final path, replacing what was there.
  void commit();

 private:
  std::filesystem::path final_, temp_;
  bool committed_ = false;
};

}  // namespace cmsim::output
