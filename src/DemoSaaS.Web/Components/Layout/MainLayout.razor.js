// Follows the system's colour scheme while the page is open, as MudThemeProvider did: when the system switches
// between light and dark and the page shows the other one, this presses the layout's theme toggle, so the switch
// takes the same path as the user's own click. Done in the browser so that no circuit holds a callback for it.
const query = window.matchMedia('(prefers-color-scheme: dark)');
query.addEventListener('change', e => {
    const toggle = document.querySelector('[data-theme-toggle]');
    const isDark = document.querySelector('.app-dark-mode') !== null;
    if (toggle && isDark !== e.matches) {
        toggle.click();
    }
});
