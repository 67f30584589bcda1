# syntax=docker/dockerfile:1
# ArpDoctor agent image, linux/amd64 and linux/arm64: a self-contained single-file arpdoctor on the .NET runtime
# dependencies image, with libpcap, running as UID 65532 with only the file capability cap_net_raw.
#   docker buildx build --platform linux/amd64,linux/arm64 -t arpdoctor/arpdoctor:0.1.0 .

# The SDK runs on the build machine and cross-publishes for the target (no emulation).
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ArpDoctor.sln ./
COPY src/ src/
# The artefact: one self-contained file whose native libraries stay beside it, loaded in place, so nothing is
# extracted at start-up and it starts as 65532 without HOME on a read-only root (a bundle that extracts them fails
# there); the plotting libraries, which the agent never loads, are left out.
RUN RID=linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64) \
 && dotnet publish src/ArpDoctor.Cli/ArpDoctor.Cli.csproj -c Release -r "$RID" --self-contained -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=false -p:DebugType=none -o /out \
 && rm -f /out/*.pdb /out/libSkiaSharp.so /out/libHarfBuzzSharp.so

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
# libpcap for raw ARP frames. The binary is copied and given cap_net_raw in one layer (a setcap in a later layer
# would store it twice), so the agent needs no root.
RUN --mount=type=bind,from=build,source=/out,target=/mnt/out \
    apt-get update \
 && apt-get install -y --no-install-recommends libpcap0.8 libcap2-bin \
 && mkdir -p /usr/local/lib/arpdoctor \
 && cp -a /mnt/out/. /usr/local/lib/arpdoctor/ \
 && setcap cap_net_raw+ep /usr/local/lib/arpdoctor/arpdoctor \
 && ln -s /usr/local/lib/arpdoctor/arpdoctor /usr/local/bin/arpdoctor \
 && apt-get purge -y libcap2-bin && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
USER 65532:65532
EXPOSE 9464
ENTRYPOINT ["/usr/local/lib/arpdoctor/arpdoctor"]
CMD ["agent"]
