# syntax=docker/dockerfile:1
# ArpDoctor agent image: a self-contained single-file arpdoctor on the .NET runtime dependencies image,
# with libpcap, running as a non-root user that holds only the file capability cap_net_raw.
#   docker build -t arpdoctor/arpdoctor:0.1.0 .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ArpDoctor.sln ./
COPY src/ src/
RUN dotnet publish src/ArpDoctor.Cli/ArpDoctor.Cli.csproj -c Release -r linux-x64 \
      --self-contained -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
      -p:DebugType=none -o /out \
 && rm -f /out/*.pdb

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
# libpcap for raw ARP frames; setcap gives the binary cap_net_raw, so the agent needs no root.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpcap0.8 libcap2-bin \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/arpdoctor /usr/local/bin/arpdoctor
RUN setcap cap_net_raw+ep /usr/local/bin/arpdoctor \
 && apt-get purge -y libcap2-bin && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
# A single-file app extracts nothing here (native libraries are bundled and loaded in place), and
# InvariantGlobalization needs no ICU: the root filesystem can stay read-only.
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
USER 65532:65532
EXPOSE 9464
ENTRYPOINT ["/usr/local/bin/arpdoctor"]
CMD ["agent"]
