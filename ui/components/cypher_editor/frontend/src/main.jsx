import React from "react";
import { createRoot } from "react-dom/client";
import "@neo4j-cypher/codemirror/css/cypher-codemirror.css";
import "./style.css";
import App from "./App.jsx";

createRoot(document.getElementById("root")).render(<App />);
