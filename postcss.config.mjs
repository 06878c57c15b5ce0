// Tailwind CSS 4 through PostCSS (its native engine comes from npm).
const config = { plugins: { "@tailwindcss/postcss": {} } };
export default config;
