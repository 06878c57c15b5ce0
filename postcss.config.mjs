// Tailwind CSS 4 through PostCSS (its native engine comes from npm).
export default { plugins: { "@tailwindcss/postcss": {} } };
