#!/usr/bin/env python3
"""Measures Chaff's streaming front ends on the HTML pages of TrainingData.

    Scripts/stream-bench.py --bin .build/release [--pages 1000] [--runs 3]

Builds, in a temporary folder, from TrainingData/pages-html/*.jsonl:
  - files/NNNNN.html, one file per page;
  - pages.jsonl, the same pages as {"id": ..., "html": ...} lines;
  - crawl.warc.gz, a WARC with a request and a response record per page, each
    record its own gzip member (as Common Crawl publishes);
  - site/, the pages linked as a binary tree, served by Python's threaded
    http.server on 127.0.0.1;
and times, best of --runs after one warm-up:
  chaff score --format jsonl files/          (pages as files, on every core)
  chaff score --format jsonl --jobs 1 files/ (the same on one thread)
  chaff score --input jsonl < pages.jsonl    (the pipe-worker mode, every core)
  chaff score --input jsonl --jobs 1 < ...   (the same on one thread)
  chaff score --warc crawl.warc.gz           (WARC records)
  chaff-crawl --delay 0 --concurrency N      (the example crawler)
"""
import argparse
import functools
import glob
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def warc_record(kind, uri, block):
    header = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
              f"WARC-Date: 2024-05-01T12:00:00Z\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    data = header + block + b"\r\n\r\n"
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as member:
        member.write(data)
    return buffer.getvalue()


def build(work, count):
    pages = []
    for path in sorted(glob.glob(os.path.join(root, "TrainingData/pages-html/*.jsonl"))):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                pages.append(record["html"])
                if len(pages) == count:
                    break
        if len(pages) == count:
            break
    # Spread languages: take every page from the files in turn would need more code;
    # the first `count` pages in file order are used, as the figures note.
    os.makedirs(os.path.join(work, "files"))
    os.makedirs(os.path.join(work, "site"))
    total = 0
    with open(os.path.join(work, "pages.jsonl"), "w", encoding="utf-8") as jsonl, \
            open(os.path.join(work, "crawl.warc.gz"), "wb") as warc:
        warc.write(warc_record("warcinfo", "", b"software: stream-bench\r\n"))
        for index, html in enumerate(pages):
            body = html.encode("utf-8")
            total += len(body)
            with open(os.path.join(work, "files", f"{index:05d}.html"), "wb") as out:
                out.write(body)
            jsonl.write(json.dumps({"id": f"{index:05d}", "html": html}, ensure_ascii=False) + "\n")
            uri = f"http://example.org/{index:05d}.html"
            warc.write(warc_record("request", uri, f"GET /{index:05d}.html HTTP/1.1\r\nHost: example.org\r\n\r\n".encode()))
            http_message = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            warc.write(warc_record("response", uri, http_message))
            links = "".join(f'<a href="/{child:05d}.html">next</a>' for child in (2 * index + 1, 2 * index + 2)
                            if child < len(pages))
            linked = html.replace("</body>", links + "</body>") if "</body>" in html else html + links
            with open(os.path.join(work, "site", f"{index:05d}.html"), "w", encoding="utf-8") as out:
                out.write(linked)
    return len(pages), total


def best(command, runs, stdin=None):
    times = []
    for run in range(runs + 1):
        started = time.monotonic()
        with open(stdin, "rb") if stdin else open(os.devnull, "rb") as source:
            result = subprocess.run(command, stdin=source, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        elapsed = time.monotonic() - started
        if result.returncode not in (0, 1):
            sys.exit(f"failed: {' '.join(command)}\n{result.stderr.decode()}")
        if run > 0:
            times.append(elapsed)
    return min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(root, ".build/release"))
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    chaff = os.path.join(args.bin, "chaff")
    crawl = os.path.join(args.bin, "chaff-crawl")
    with tempfile.TemporaryDirectory(prefix="chaff-bench-") as work:
        count, size = build(work, args.pages)
        megabytes = size / 1e6
        print(f"{count} HTML pages, {megabytes:.1f} MB of HTML; best of {args.runs} runs after a warm-up")

        files, _ = best([chaff, "score", "--format", "jsonl", os.path.join(work, "files")], args.runs)
        one, _ = best([chaff, "score", "--format", "jsonl", "--jobs", "1", os.path.join(work, "files")], args.runs)
        jsonl, _ = best([chaff, "score", "--input", "jsonl"], args.runs, stdin=os.path.join(work, "pages.jsonl"))
        jsonl_one, _ = best([chaff, "score", "--input", "jsonl", "--jobs", "1"], args.runs,
                            stdin=os.path.join(work, "pages.jsonl"))
        print(f"files  chaff score --format jsonl files/   {files:6.2f} s  {count / files:7.0f} pages/s  {megabytes / files:5.1f} MB/s")
        print(f"files  ... --jobs 1 files/                 {one:6.2f} s  {count / one:7.0f} pages/s  {megabytes / one:5.1f} MB/s")
        print(f"jsonl  chaff score --input jsonl           {jsonl:6.2f} s  {count / jsonl:7.0f} pages/s  {megabytes / jsonl:5.1f} MB/s")
        # The JSON scan's cost: both on one thread.
        print(f"jsonl  ... --input jsonl --jobs 1          {jsonl_one:6.2f} s  {count / jsonl_one:7.0f} pages/s  "
              f"{megabytes / jsonl_one:5.1f} MB/s  ({(jsonl_one / one - 1) * 100:+.0f}% vs files, --jobs 1)")
        warc_seconds, result = best([chaff, "score", "--warc", os.path.join(work, "crawl.warc.gz")], args.runs)
        records = 1 + 2 * count
        print(f"warc   chaff score --warc crawl.warc.gz    {warc_seconds:6.2f} s  {records / warc_seconds:7.0f} records/s "
              f"({count / warc_seconds:.0f} pages/s, {os.path.getsize(os.path.join(work, 'crawl.warc.gz')) / 1e6:.1f} MB gzip)")

        class QuietHandler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *arguments):
                pass

        single, _ = best([chaff, "score", "--warc", "--jobs", "1", os.path.join(work, "crawl.warc.gz")], args.runs)
        print(f"warc   chaff score --warc --jobs 1         {single:6.2f} s  {records / single:7.0f} records/s "
              f"({count / single:.0f} pages/s)")

        handler = functools.partial(QuietHandler, directory=os.path.join(work, "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        start = f"http://127.0.0.1:{server.server_address[1]}/00000.html"
        crawl_seconds, result = best([crawl, "--delay", "0", "--concurrency", str(args.concurrency),
                                      "--max-pages", str(count), "--max-depth", "100", start], args.runs)
        server.shutdown()
        fetched = result.stderr.decode().split(" pages fetched")[0].split()[-1]
        print(f"crawl  chaff-crawl --concurrency {args.concurrency:<2}        {crawl_seconds:6.2f} s  "
              f"{int(fetched) / crawl_seconds:7.0f} pages/s  ({fetched} pages from Python's http.server)")


if __name__ == "__main__":
    main()
