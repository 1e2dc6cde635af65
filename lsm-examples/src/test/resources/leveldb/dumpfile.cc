// Used by DumpLevelDbComparisonTest: C++ LevelDB 1.23's own dump and writer.
//   dumpfile FILE        prints leveldb::DumpFile(FILE) on standard output
//   dumpfile --write DIR writes a small database: tables with bloom filters (one
//                        holding deletions), a log, keys and values with bytes outside ' '..'~'
#include <cstdio>
#include <string>

#include "leveldb/db.h"
#include "leveldb/dumpfile.h"
#include "leveldb/env.h"
#include "leveldb/filter_policy.h"
#include "leveldb/write_batch.h"

namespace {

class StdoutFile : public leveldb::WritableFile {
 public:
  leveldb::Status Append(const leveldb::Slice& data) override {
    std::fwrite(data.data(), 1, data.size(), stdout);
    return leveldb::Status::OK();
  }
  leveldb::Status Close() override { return leveldb::Status::OK(); }
  leveldb::Status Flush() override {
    std::fflush(stdout);
    return leveldb::Status::OK();
  }
  leveldb::Status Sync() override { return Flush(); }
};

int Write(const std::string& dir) {
  leveldb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = 64 * 1024;
  options.filter_policy = leveldb::NewBloomFilterPolicy(10);
  leveldb::DB* db;
  leveldb::Status s = leveldb::DB::Open(options, dir, &db);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  leveldb::WriteOptions wo;
  char buf[32];
  for (int i = 0; i < 3000; i++) {
    std::snprintf(buf, sizeof(buf), "key%06d", i);
    s = db->Put(wo, buf, std::string("value-") + buf + std::string(40, 'x'));
  }
  db->CompactRange(nullptr, nullptr);
  leveldb::WriteBatch batch;
  batch.Put(std::string("bin\x01\xff", 5), std::string("v\n\t\x7f", 4));
  batch.Delete("key000007");
  batch.Put("quote'", "");
  s = db->Write(wo, &batch);
  for (int i = 0; i < 3000; i += 3) {
    std::snprintf(buf, sizeof(buf), "key%06d", i);
    db->Delete(wo, buf);
  }
  delete db;
  // Reopening turns the log into a table holding the deletions, and starts a new MANIFEST.
  s = leveldb::DB::Open(options, dir, &db);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  s = db->Put(wo, "after-reopen", "1");
  delete db;
  delete options.filter_policy;
  return s.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--write") {
    return Write(argv[2]);
  }
  if (argc != 2) {
    std::fprintf(stderr, "usage: dumpfile FILE | dumpfile --write DIR\n");
    return 2;
  }
  StdoutFile out;
  leveldb::Status s = leveldb::DumpFile(leveldb::Env::Default(), argv[1], &out);
  std::fflush(stdout);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
