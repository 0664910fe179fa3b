window.__TAURI_INTERNALS__.invoke("app_ready");
