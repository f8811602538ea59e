# syntax=docker/dockerfile:1
# rollbench's image, ghcr.io/rollbench/rollbench:<version of package.json>: `rollbench sample-app` by default (what
# deploy/sample-app.yaml runs on a real cluster, with its own args), any other command as arguments.
#   docker build -t ghcr.io/rollbench/rollbench:0.1.0 .
#   docker run --rm -p 8080:8080 ghcr.io/rollbench/rollbench:0.1.0

FROM node:20-slim AS build
WORKDIR /app
# Dependencies first, so that a change to the sources reuses this layer. --ignore-scripts: the "prepare" script
# builds, and the sources are not here yet.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-slim
# tini as PID 1: the kernel gives PID 1 no default signal actions, and `rollbench sample-app` (--on-sigterm exit)
# deliberately installs no SIGTERM handler, so without an init the kubelet's SIGTERM would be ignored until SIGKILL.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and only readable by the user that runs: the app cannot change its own code.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
RUN ln -s /app/bin/rollbench.js /usr/local/bin/rollbench
# The `node` user of the base image, by number so that Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--", "rollbench"]
# 0.0.0.0: reachable through a published port or the pod's IP (the sample app listens on loopback by default).
CMD ["sample-app", "--host", "0.0.0.0", "--port", "8080"]
