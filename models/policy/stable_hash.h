// A stable 64-bit hash (FNV-1a) of names, used to key random streams by what an agent or
// event is called rather than by its position, so that adding or removing one never
// shifts the random numbers another sees.
#pragma once

#include <cstdint>
#include <string_view>

namespace cmsim::policy {

constexpr std::uint64_t stable_hash(std::string_view text, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// Hash of several parts, separated so that ("ab","c") and ("a","bc") differ.
template <typename... Parts>
constexpr std::uint64_t stable_hash_of(std::string_view first, Parts... rest) {
  std::uint64_t h = stable_hash(first);
  ((h = stable_hash(rest, stable_hash("\x1f", h))), ...);
  return h;
}

}  // namespace cmsim::policy
