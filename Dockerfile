# sheetpipe in a container: build with the official Swift image (Debian 12), run on a slim Debian
# with only the four C libraries (libcrypto, from libssl3, gives SHA-256), as a non-root user.
#   docker build -t sheetpipe .
#   docker run --rm -v "$PWD/in:/data/in:ro" -v "$PWD/out:/data/out" sheetpipe convert /data/in/a.xlsx -o /data/out/a.csv
#   docker run --rm -v "$PWD/out:/data/out" sheetpipe run --out /data/out/national-report

FROM swift:6.1-bookworm AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libxml2-dev libzip-dev libxlsxwriter-dev libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so that a source change does not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
COPY Examples ./Examples
RUN swift build -c release --static-swift-stdlib --product sheetpipe \
 && install -D "$(swift build -c release --static-swift-stdlib --show-bin-path)/sheetpipe" /out/sheetpipe

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libxml2 libzip4 libxlsxwriter4 libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin sheetpipe \
 && mkdir -p /data/in /data/out && chown sheetpipe /data/out
COPY --from=build /out/sheetpipe /usr/local/bin/sheetpipe
# Schemas, reference lists and the national-report definition, found next to the binary
# (../share/sheetpipe/pipelines); the samples it reads (../samples), also in /data/in to try things on.
COPY pipelines /usr/local/share/sheetpipe/pipelines
COPY samples /usr/local/share/sheetpipe/samples
COPY samples /data/in
USER sheetpipe
WORKDIR /data
# Inputs are read from /data/in (mount read-only), outputs written to /data/out.
VOLUME ["/data/in", "/data/out"]
ENTRYPOINT ["sheetpipe"]
CMD ["--help"]
