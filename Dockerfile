# syntax=docker/dockerfile:1
# ArpDoctor agent image, linux/amd64 and linux/arm64: the native AOT arpdoctor (scripts/publish-native.sh) on the .NET
# runtime dependencies image, with libpcap, running as UID 65532 with only the file capability cap_net_raw.
#   docker buildx build --platform linux/amd64,linux/arm64 -t arpdoctor/arpdoctor:0.1.0 .
# Build it on an amd64 machine. The DaemonSet (deploy/, charts/arpdoctor) adds the rest: NET_RAW the only
# capability, a read-only root filesystem.

# The SDK's native AOT image runs on the build machine and cross-compiles for the target (no emulation). It brings
# clang and zlib for amd64; arm64 also needs an aarch64 linker, objcopy and arm64 zlib, from Ubuntu's ports archive:
# https://learn.microsoft.com/dotnet/core/deploying/native-aot/cross-compile#linux, as dotnet-docker's
# samples/releasesapi/Dockerfile.ubuntu-cross-x64-arm64 does it.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0-noble-aot AS build
ARG BUILDARCH
ARG TARGETARCH
RUN test "$BUILDARCH" = amd64 || { echo "build the image on an amd64 machine (its cross toolchain is amd64's)" >&2; exit 1; }; \
    if [ "$TARGETARCH" = arm64 ]; then \
      printf 'Types: deb\nURIs: http://ports.ubuntu.com/ubuntu-ports/\nSuites: noble noble-updates\nComponents: main restricted\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\nArchitectures: arm64\n' \
        >/etc/apt/sources.list.d/arm64.sources \
   && sed -i '/Signed-By/ a Architectures: amd64' /etc/apt/sources.list.d/ubuntu.sources \
   && dpkg --add-architecture arm64 \
   && apt-get update \
   && apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu zlib1g-dev:arm64 \
   && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ArpDoctor.sln ./
COPY src/ src/
COPY scripts/publish-native.sh scripts/
# The artefact: one native executable, nothing extracted at start-up, so it starts as 65532 without HOME on a
# read-only root. Only it is shipped: the plotting libraries published beside it (SkiaSharp, HarfBuzz), which the
# agent never loads, and its debug symbols are left out.
RUN scripts/publish-native.sh /out linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
# libpcap for raw ARP frames. The binary is copied and given cap_net_raw in one layer (a setcap in a later layer
# would store it twice), so the agent needs no root.
RUN --mount=type=bind,from=build,source=/out,target=/mnt/out \
    apt-get update \
 && apt-get install -y --no-install-recommends libpcap0.8 libcap2-bin \
 && install -D -m 0755 /mnt/out/arpdoctor /usr/local/bin/arpdoctor \
 && setcap cap_net_raw+ep /usr/local/bin/arpdoctor \
 && apt-get purge -y libcap2-bin && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
USER 65532:65532
EXPOSE 9464
ENTRYPOINT ["/usr/local/bin/arpdoctor"]
CMD ["agent"]
