FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# the sources are not here yet, so the console is built after they are copied
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run console:build
# the file store's directory, owned by the user Verdict runs as (a volume mounted there keeps it so)
RUN mkdir -p /app/data/files && chown -R node:node /app/data
USER node
EXPOSE 3000
# node itself is PID 1 (no npx in between), so SIGTERM reaches Verdict's graceful shutdown
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "bin/verdict.ts", "start"]
