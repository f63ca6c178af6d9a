FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
# the file store's directory, owned by the user Verdict runs as (a volume mounted there keeps it so)
RUN mkdir -p /app/data/files && chown -R node:node /app/data
USER node
EXPOSE 3000
# node itself is PID 1 (no npx in between), so SIGTERM reaches Verdict's graceful shutdown
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "bin/verdict.ts", "start"]
