// leveldb-tool: writes and dumps a database with C++ LevelDB (1.23), for Strata's interop tests.
//
//   leveldb-tool write <db> <script> <snappy|none> <write_buffer_size>
//   leveldb-tool dump <db> <out>
//
// The script has one command a line; keys and values are lowercase hex:
//
//   P <key> <value>    Put
//   D <key>            Delete
//   C                  CompactRange over the whole key space (flushes the memtable first)
//   R <begin> <end>    CompactRange over [begin, end]
//
// write opens with create_if_missing and closes at the end of the script without compacting:
// what was written after the last C or R stays in the log, as LevelDB leaves it at close.
//
// dump opens with paranoid_checks and reads with verify_checksums, writing one line
// "<key> <value>" per entry in key order. Every failure goes to stderr with LevelDB's status
// text, and the exit status is 1.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "leveldb/db.h"
#include "leveldb/write_batch.h"

namespace {

int Fail(const std::string& what, const leveldb::Status& s) {
  std::cerr << what << ": " << s.ToString() << std::endl;
  return 1;
}

std::string FromHex(const std::string& hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::string ToHex(const leveldb::Slice& s) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 2);
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

int Write(const char* path, const char* script, const std::string& compression,
          size_t write_buffer_size) {
  leveldb::Options options;
  options.create_if_missing = true;
  options.paranoid_checks = true;
  options.write_buffer_size = write_buffer_size;
  options.compression =
      compression == "snappy" ? leveldb::kSnappyCompression : leveldb::kNoCompression;
  leveldb::DB* raw;
  leveldb::Status s = leveldb::DB::Open(options, path, &raw);
  if (!s.ok()) return Fail("open", s);
  std::unique_ptr<leveldb::DB> db(raw);
  std::ifstream in(script);
  if (!in) {
    std::cerr << "cannot read " << script << std::endl;
    return 1;
  }
  std::string op;
  while (in >> op) {
    if (op == "P") {
      std::string k, v;
      in >> k >> v;
      s = db->Put(leveldb::WriteOptions(), FromHex(k), FromHex(v));
    } else if (op == "D") {
      std::string k;
      in >> k;
      s = db->Delete(leveldb::WriteOptions(), FromHex(k));
    } else if (op == "C") {
      db->CompactRange(nullptr, nullptr);
    } else if (op == "R") {
      std::string b, e;
      in >> b >> e;
      std::string begin = FromHex(b), end = FromHex(e);
      leveldb::Slice bs(begin), es(end);
      db->CompactRange(&bs, &es);
    } else {
      std::cerr << "unknown script command " << op << std::endl;
      return 1;
    }
    if (!s.ok()) return Fail("write", s);
  }
  return 0;
}

int Dump(const char* path, const char* out_path) {
  leveldb::Options options;
  options.paranoid_checks = true;
  leveldb::DB* raw;
  leveldb::Status s = leveldb::DB::Open(options, path, &raw);
  if (!s.ok()) return Fail("open", s);
  std::unique_ptr<leveldb::DB> db(raw);
  leveldb::ReadOptions read;
  read.verify_checksums = true;
  std::ofstream out(out_path);
  std::unique_ptr<leveldb::Iterator> it(db->NewIterator(read));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    out << ToHex(it->key()) << ' ' << ToHex(it->value()) << '\n';
  }
  if (!it->status().ok()) return Fail("iterate", it->status());
  out.close();
  if (!out) {
    std::cerr << "cannot write " << out_path << std::endl;
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  if (command == "write" && argc == 6) {
    return Write(argv[2], argv[3], argv[4], std::strtoul(argv[5], nullptr, 10));
  }
  if (command == "dump" && argc == 4) {
    return Dump(argv[2], argv[3]);
  }
  std::cerr << "usage: leveldb-tool write <db> <script> <snappy|none> <write_buffer_size>\n"
               "       leveldb-tool dump <db> <out>"
            << std::endl;
  return 2;
}
