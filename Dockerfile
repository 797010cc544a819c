# Bearing: build every workspace, then run the server (API + built dashboard) as `node`.
# Usually run through docker-compose.yml, with DATABASE_URL pointing at PostgreSQL.

# ---- build: install everything, compile shared → server → web ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# manifests first, so the dependency layer stays cached until they change
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY shared/ shared/
COPY server/ server/
COPY web/ web/
RUN npm run build

# ---- runtime: production dependencies and the compiled output only ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/web/dist web/dist
# writable data directory (only used when DATABASE_URL is unset)
RUN mkdir -p .bearing && chown node:node .bearing
USER node
EXPOSE 3000
CMD ["node", "server/dist/main.js"]
