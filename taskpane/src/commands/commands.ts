/**
 * Ribbon commands (commands.html, the manifest's FunctionFile): `showTaskpane` opens the AISM
 * task pane from an ExecuteFunction button.
 */

/** Opens the task pane, then tells Office the command is done. */
export async function showTaskpane(event?: { completed(): void }): Promise<void> {
  try {
    await Office.addin.showAsTaskpane();
  } finally {
    event?.completed();
  }
}

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
  void Office.onReady(() => {
    Office.actions?.associate('showTaskpane', (event?: { completed(): void }) => {
      void showTaskpane(event);
    });
  });
}
