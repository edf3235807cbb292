#pragma once
// Saving a file so that neither a crash nor a full disk leaves it half written: the new content
// goes to a temporary file beside it, reaches the disk (fsync), and only then takes the file's
// name in one rename. The scene editor saves scene.json, hotspots.json and cue sheets this way.
//
// Any thread, one save of a given path at a time within a process (the temporary file is named
// after the process); processes saving the same path at once each leave a whole file, the last
// rename wins. Failure: false and a one-line message; nothing throws beyond bad_alloc.

#include <string>

namespace docent::hotspots {

// Replaces path's content with bytes so that, whatever happens (a crash, kill -9, power loss
// after the call returns), path holds either its old or its new content, never a mix: writes
// PATH.tmp-PID in the same folder, fsyncs it, keeps the previous content as PATH.bak when
// keepBackup (a hard link to the old file, made before the rename; replaced each save), renames
// over path, fsyncs the folder. On failure (a full disk, a read-only folder, a missing folder:
// all met before the backup is touched) path and its backup are as they were, the temporary file
// is removed, and error is one line: "PATH: cannot save: <strerror>" (e.g. "No space left on
// device", "Read-only file system"). Should the folder's fsync fail after the rename, path may
// already hold the new content but the save is reported failed: it may not survive power loss.
// A process killed mid-save may leave its PATH.tmp-PID behind, never a partial PATH.
bool writeFileDurably(const std::string& path, const std::string& bytes, std::string& error,
                      bool keepBackup = true);

} // namespace docent::hotspots
