// Replacing a file so readers see the old or the new content, never a mix:
// a temporary file in the same directory, fsync, rename, fsync of the directory.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace sq::ops {

// Writes `content` to `path` atomically with permissions `mode`. Throws
// std::runtime_error naming the failing step.
void write_file_atomically(const std::string& path, std::string_view content, mode_t mode = 0644);

// fsync of the directory holding `path`, so a rename in it is durable. Throws.
void sync_parent_directory(const std::string& path);

// fsync of one file by name. Throws.
void sync_file(const std::string& path);

// The directory part of `path` ("." when it has none).
std::string parent_directory(const std::string& path);

}  // namespace sq::ops
